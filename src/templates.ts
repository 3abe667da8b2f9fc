/**
 * JSON documents under `templates/` (policy documents people may want to read or review on
 * their own). Found from the package root, so the same code works from the TypeScript sources
 * and from `dist/`, whose tree is one level deeper.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { texts } from './i18n/index.js';

const t = texts(
  'templates',
  {
    noPackageRoot: (module: string) => `aws-bootstrap: no package.json above ${module}; the templates folder cannot be found`,
    noValue: (key: string) => `template placeholder {{${key}}} has no value`,
  },
  {
    noPackageRoot: (module: string) => `aws-bootstrap: ${module} より上に package.json がないため、templates フォルダーが見つかりません`,
    noValue: (key: string) => `テンプレートのプレースホルダー {{${key}}} に値がありません`,
  },
);

let packageRoot: string | undefined;

/** The nearest directory at or above this module that holds package.json. */
export function findPackageRoot(): string {
  if (packageRoot) return packageRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(t.noPackageRoot(fileURLToPath(import.meta.url)));
    dir = parent;
  }
  packageRoot = dir;
  return dir;
}

/** Reads and parses `templates/<name>.json`. */
export function readTemplate(name: string): unknown {
  return JSON.parse(readFileSync(join(findPackageRoot(), 'templates', `${name}.json`), 'utf8'));
}

/**
 * Replaces `{{key}}` placeholders in every string of a parsed template. (Not `${...}`: that is
 * IAM's own policy-variable syntax, e.g. `${aws:username}`, and must reach AWS unchanged.)
 */
export function fillTemplate<T>(template: T, values: Readonly<Record<string, string>>): T {
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
        const replacement = values[key];
        if (replacement === undefined) throw new Error(t.noValue(key));
        return replacement;
      });
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  return fill(template) as T;
}
