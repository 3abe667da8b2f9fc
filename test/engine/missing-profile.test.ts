/** A profile that is in neither shared file is named, with the files read and the profiles there. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explainMissingProfile } from '../../src/engine/setup.js';
import { language, setLanguage } from '../../src/i18n/index.js';
import { englishLeft } from '../support/english.js';
import { tempDir } from '../support/wizard.js';

const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
const VARIABLES = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'HOME'] as const;
let saved: Record<string, string | undefined>;
let dir: string;

beforeEach(() => {
  saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  dir = tempDir();
  writeFileSync(join(dir, 'config'), '[default]\nregion = eu-west-1\n[profile dev]\nregion = us-east-1\n[sso-session corp]\nsso_region = us-east-1\n');
  writeFileSync(join(dir, 'credentials'), '[ci]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = example\n');
  process.env.AWS_CONFIG_FILE = join(dir, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
});

afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('a profile that does not exist', () => {
  it('is named, with the files read (from their variables) and the profiles that do exist', async () => {
    const message = await explainMissingProfile(noCredentials, 'nope');
    expect(message).toBe(
      `The AWS profile "nope" is not in the config or credentials file. Read: ${join(dir, 'config')} (from AWS_CONFIG_FILE), ${join(dir, 'credentials')} (from AWS_SHARED_CREDENTIALS_FILE). ` +
        'Profiles there: default, dev, ci. Pass one of them with --profile (or AWS_PROFILE), or create "nope" with `aws configure --profile nope` (access keys) or `aws configure sso` (IAM Identity Center).',
    );
  });

  it('without the variables, names ~/.aws/config and ~/.aws/credentials, and says when they are missing', async () => {
    delete process.env.AWS_CONFIG_FILE;
    delete process.env.AWS_SHARED_CREDENTIALS_FILE;
    process.env.HOME = dir;
    const message = await explainMissingProfile(noCredentials, 'nope');
    expect(message).toContain(`Read: ${join(dir, '.aws', 'config')} (not found), ${join(dir, '.aws', 'credentials')} (not found).`);
    expect(message).toContain('Neither file has a profile: create "nope" with `aws configure --profile nope`');
  });

  it('takes the profile from AWS_PROFILE (which --profile sets)', async () => {
    const before = process.env.AWS_PROFILE;
    process.env.AWS_PROFILE = 'typo';
    try {
      expect(await explainMissingProfile(noCredentials)).toMatch(/^The AWS profile "typo" is not in the config or credentials file/);
    } finally {
      if (before === undefined) delete process.env.AWS_PROFILE;
      else process.env.AWS_PROFILE = before;
    }
  });

  it('says nothing when the profile exists, none was named, or the failure is not about credentials', async () => {
    expect(await explainMissingProfile(noCredentials, 'dev')).toBeUndefined();
    expect(await explainMissingProfile(noCredentials, 'ci')).toBeUndefined();
    expect(await explainMissingProfile(noCredentials, '')).toBeUndefined();
    const network = Object.assign(new Error('connect ETIMEDOUT 1.2.3.4:443'), { name: 'NetworkingError' });
    expect(await explainMissingProfile(network, 'nope')).toBeUndefined();
  });

  it('in Japanese: the same profile, files and profiles, the words around them Japanese', async () => {
    const before = language();
    setLanguage('ja');
    try {
      const message = (await explainMissingProfile(noCredentials, 'nope'))!;
      expect(message).toMatch(/[\u3040-\u30ff]/);
      for (const part of ['nope', `${join(dir, 'config')} (AWS_CONFIG_FILE`, `${join(dir, 'credentials')} (AWS_SHARED_CREDENTIALS_FILE`, 'default, dev, ci', '--profile', '`aws configure --profile nope`', '`aws configure sso`']) {
        expect(message).toContain(part);
      }
      // The profile names are data.
      expect(englishLeft(message, ['IAM Identity Center', 'default', 'dev', 'ci'])).toEqual([]);
    } finally {
      setLanguage(before);
    }
  });
});
