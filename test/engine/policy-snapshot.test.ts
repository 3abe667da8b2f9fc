/**
 * The least-privilege policy, pinned whole: every statement's actions, resources and conditions,
 * as `aws-bootstrap permissions` prints them, in each mode, alone and with --org. A change that
 * widens (or narrows) any of it fails here until the reviewed files under __snapshots__/ are
 * updated on purpose (`npx vitest run test/engine/policy-snapshot.test.ts -u`, then read the diff).
 */
import { describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';
import { organizationSteps } from '../../steps/organization/index.js';
import { organizationPolicies, PERMISSION_MODES, policyFor } from '../../src/permissions.js';

/** As the command prints it (src/cli.ts): the document, two-space JSON, one newline. */
const printed = (...args: Parameters<typeof policyFor>) => `${JSON.stringify(policyFor(...args), null, 2)}\n`;

describe('the permissions output is pinned, statement by statement (issue 22 item 9)', () => {
  for (const mode of PERMISSION_MODES) {
    it(`permissions --mode ${mode}`, async () => {
      await expect(printed(checklist, mode)).toMatchFileSnapshot(`./__snapshots__/permissions-${mode}.json`);
    });
    it(`permissions --mode ${mode} --org`, async () => {
      // The three labelled policies (management account, security account, member role), the organization-wide steps' actions among them.
      const policies = organizationPolicies(checklist, organizationSteps, mode, { orgRoleName: 'OrganizationAccountAccessRole' });
      await expect(`${JSON.stringify(policies, null, 2)}\n`).toMatchFileSnapshot(`./__snapshots__/permissions-${mode}-org.json`);
    });
  }
});
