/**
 * The config file (`--config file.yaml|json`) and `--set path=value` flags. Top-level keys are
 * the run settings below, or a step id holding that step's inputs. Validated before anything runs;
 * every error names the field path.
 */
import { readFileSync } from 'node:fs';
import { isScalar, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import { InputError } from './core/errors.js';
import { setPath } from './engine/inputs.js';
import { texts } from './i18n/index.js';
import './i18n/zod.js';
import { formatIssues } from './validate.js';

/** A parse error as the YAML library reports it (a JSON.parse error has only the message). */
type YamlProblem = { readonly message: string; readonly code?: string; readonly linePos?: readonly { line: number; col: number }[] };

const en = {
  regionName: 'expected a region name like eu-west-1',
  accountId: 'expected a 12-digit account id',
  cannotRead: (path: string, reason: string) => `--config: cannot read ${path} (${reason}).`,
  notYaml: (path: string, error: YamlProblem) => `--config: ${path} is not valid YAML or JSON: ${error.message.split('\n')[0]}`,
  notMapping: (path: string) => `--config: ${path} must hold a mapping of settings and step ids.`,
  badSet: (assignment: string) => `--set ${assignment}: expected <step-id>.<field>=<value>, e.g. --set monthly-budget.amount=50`,
};

const t = texts('config', en, {
  regionName: 'eu-west-1 のようなリージョン名を指定してください',
  accountId: '12 桁のアカウント ID を指定してください',
  cannotRead: (path: string, reason: string) => `--config: ${path} を読めません (${reason})。`,
  notYaml: (path: string, error: YamlProblem) => {
    const at = error.linePos?.[0];
    // The parser's own sentence is English; its position and error code are the same in any language.
    return `--config: ${path} は YAML としても JSON としても正しくありません${at ? ` (${at.line} 行 ${at.col} 文字目${error.code ? `、${error.code}` : ''})` : error.code ? ` (${error.code})` : ''}`;
  },
  notMapping: (path: string) => `--config: ${path} には設定とステップ ID のマッピングを書いてください。`,
  badSet: (assignment: string) => `--set ${assignment}: <ステップ ID>.<フィールド>=<値> の形で指定してください (例: --set monthly-budget.amount=50)`,
});

const stepIdList = z.array(z.string().min(1));

/** A 12-digit account id; written without quotes, YAML reads it as a number (a leading 0 keeps it text, see parseYaml). */
const accountIdField = z.preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string().regex(/^\d{12}$/, { error: () => t.accountId }));

/** Run settings that may come from the config file as well as from flags (flags win). */
export const settingsSchema = z.object({
  regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: () => t.regionName })).min(1).optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
  only: stepIdList.optional(),
  skip: stepIdList.optional(),
  /** `--org`: per account id, step sections that override the shared ones (the budget amount of one account, say). */
  accounts: z.record(z.string().regex(/^\d{12}$/, { error: () => t.accountId }), z.record(z.string(), z.unknown())).optional(),
  /** `--org`: the Security Tooling and Log Archive accounts of the AWS SRA layout (organization-wide steps run only with both). */
  organization: z
    .object({
      securityAccount: accountIdField.optional(),
      logArchiveAccount: accountIdField.optional(),
    })
    .strict()
    .optional(),
});
export type Settings = z.infer<typeof settingsSchema>;

const SETTING_KEYS = new Set(Object.keys(settingsSchema.shape));

/**
 * Parses YAML (or JSON). A plain scalar that YAML would turn into a number but that starts with
 * `+` or a leading `0` stays text: `+81` and `0312345678` are a calling code and a phone number,
 * and their digits matter.
 */
export function parseYaml(text: string): unknown {
  const doc = parseDocument(text, { keepSourceTokens: true, prettyErrors: true });
  if (doc.errors.length) throw doc.errors[0];
  visit(doc, {
    Scalar(_key, node) {
      const source = node.srcToken && 'source' in node.srcToken ? node.srcToken.source : undefined;
      if (isScalar(node) && typeof node.value === 'number' && node.type === 'PLAIN' && source && /^(\+|0\d)/.test(source)) node.value = source;
    },
  });
  return doc.toJS();
}

export interface LoadedConfig {
  readonly settings: Settings;
  /** Step sections by step id, not yet validated against the steps' schemas. */
  readonly sections: Record<string, unknown>;
}

export function loadConfigFile(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(t.cannotRead(path, (error as NodeJS.ErrnoException).code ?? (error as Error).message));
  }
  let data: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both.
    data = parseYaml(text);
  } catch (error) {
    throw new InputError(t.notYaml(path, error as YamlProblem));
  }
  if (data === null || data === undefined) return { settings: {}, sections: {} };
  if (typeof data !== 'object' || Array.isArray(data)) throw new InputError(t.notMapping(path));
  return splitConfig(data as Record<string, unknown>, `--config ${path}`);
}

/**
 * `--set organization.securityAccount=…` lands among the step sections: moved to the settings,
 * over what the config file said, and checked as they are.
 */
export function settingsFromSet(settings: Settings, sections: Record<string, unknown>): Settings {
  if (!('organization' in sections)) return settings;
  const { organization, ...rest } = sections;
  for (const key of Object.keys(sections)) delete sections[key];
  Object.assign(sections, rest);
  const parsed = settingsSchema.safeParse({ ...settings, organization: { ...settings.organization, ...(organization as object) } });
  if (!parsed.success) throw new InputError(`--set:\n  ${formatIssues(parsed.error).join('\n  ')}`);
  return parsed.data;
}

function splitConfig(data: Record<string, unknown>, source: string): LoadedConfig {
  const settingsPart: Record<string, unknown> = {};
  const sections: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) (SETTING_KEYS.has(key) ? settingsPart : sections)[key] = value;
  const parsed = settingsSchema.safeParse(settingsPart);
  if (!parsed.success) throw new InputError(`${source}:\n  ${formatIssues(parsed.error).join('\n  ')}`);
  return { settings: parsed.data, sections };
}

/**
 * Applies `--set step.field=value` to the step sections. The value is read as YAML, so numbers,
 * booleans and lists work: `--set monthly-budget.emails=[a@example.com,b@example.com]`.
 */
export function applySetFlags(sections: Record<string, unknown>, assignments: readonly string[]): void {
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    const path = eq > 0 ? assignment.slice(0, eq).trim() : '';
    if (!/^[a-z0-9-]+(\.[A-Za-z0-9_-]+)+$/.test(path)) {
      throw new InputError(t.badSet(assignment));
    }
    const raw = assignment.slice(eq + 1);
    let value: unknown;
    try {
      value = raw === '' ? '' : parseYaml(raw);
    } catch {
      value = raw;
    }
    setPath(sections, path, value);
  }
}
