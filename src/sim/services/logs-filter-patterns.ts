/**
 * CloudWatch Logs' JSON filter pattern syntax, as far as the simulation needs it: whether a JSON
 * log event (a CloudTrail record) matches a pattern such as
 * `{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName != "X")) }`.
 *
 * Supported, as the CloudWatch Logs User Guide ("Filter pattern syntax for metric filters", JSON
 * log events) describes them: one brace pair around the conditions; `&&` and `||` (`&&` binds
 * tighter) and parentheses; property selectors `$.a.b.c`; `=` and `!=` against a string, quoted
 * or not, in which `*` stands for any run of characters (so `"*"` matches any value that is
 * there); `NOT EXISTS` and `EXISTS`. A comparison on a property the event lacks, or whose value is
 * an object or a list, matches nothing (neither `=` nor `!=`): the stricter reading, so a pattern
 * that relies on a property being absent must say NOT EXISTS here. Anything else (numeric comparisons,
 * arrays, IS NULL, regular expressions) is refused with an error: the simulation does not guess.
 */

type Node =
  | { kind: 'or' | 'and'; parts: Node[] }
  | { kind: 'compare'; path: string[]; op: '=' | '!='; value: string }
  | { kind: 'exists'; path: string[]; exists: boolean };

class PatternError extends Error {}

/** Splits a pattern into tokens: brackets, operators, quoted strings, selectors and bare words. */
function tokens(pattern: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < pattern.length) {
    const rest = pattern.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const fixed = ['&&', '||', '!=', '=', '(', ')', '{', '}'].find((op) => rest.startsWith(op));
    if (fixed) {
      out.push(fixed);
      i += fixed.length;
      continue;
    }
    const quoted = /^"(?:[^"\\]|\\.)*"/.exec(rest);
    if (quoted) {
      out.push(quoted[0]);
      i += quoted[0].length;
      continue;
    }
    const word = /^[^\s()&|=!{}"]+/.exec(rest);
    if (!word) throw new PatternError(`unexpected character at ${i}: ${rest.slice(0, 10)}`);
    out.push(word[0]);
    i += word[0].length;
  }
  return out;
}

/** Parses a JSON filter pattern; throws on anything outside the syntax above. */
export function parseFilterPattern(pattern: string): Node {
  const list = tokens(pattern);
  let at = 0;
  const peek = () => list[at];
  const take = (expected?: string) => {
    const token = list[at++];
    if (token === undefined || (expected !== undefined && token !== expected)) throw new PatternError(`expected ${expected ?? 'more'} at token ${at}, found ${token ?? 'the end'}`);
    return token;
  };
  const selector = (token: string): string[] => {
    if (!/^\$(\.[A-Za-z_][\w-]*)+$/.test(token)) throw new PatternError(`not a property selector: ${token}`);
    return token.slice(2).split('.');
  };
  const value = (token: string): string => {
    if (token.startsWith('"')) return JSON.parse(token) as string;
    if (['&&', '||', '(', ')', '{', '}', '=', '!='].includes(token)) throw new PatternError(`expected a value, found ${token}`);
    return token;
  };
  function term(): Node {
    if (peek() === '(') {
      take('(');
      const inner = or();
      take(')');
      return inner;
    }
    const path = selector(take());
    const next = take();
    if (next === '=' || next === '!=') return { kind: 'compare', path, op: next, value: value(take()) };
    if (next === 'NOT' && peek() === 'EXISTS') {
      take('EXISTS');
      return { kind: 'exists', path, exists: false };
    }
    if (next === 'EXISTS') return { kind: 'exists', path, exists: true };
    throw new PatternError(`unsupported comparison: ${next}`);
  }
  function and(): Node {
    const parts = [term()];
    while (peek() === '&&') {
      take('&&');
      parts.push(term());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'and', parts };
  }
  function or(): Node {
    const parts = [and()];
    while (peek() === '||') {
      take('||');
      parts.push(and());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'or', parts };
  }
  take('{');
  const tree = or();
  take('}');
  if (at !== list.length) throw new PatternError(`unexpected ${list[at]} after the closing brace`);
  return tree;
}

/** The property at `path`, or undefined when the event lacks it. */
function property(event: unknown, path: readonly string[]): unknown {
  let current = event;
  for (const key of path) {
    if (!current || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** `*` stands for any run of characters; everything else is literal. */
const wildcard = (value: string) => new RegExp(`^${value.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');

function evaluate(node: Node, event: unknown): boolean {
  switch (node.kind) {
    case 'or':
      return node.parts.some((part) => evaluate(part, event));
    case 'and':
      return node.parts.every((part) => evaluate(part, event));
    case 'exists':
      return (property(event, node.path) !== undefined) === node.exists;
    case 'compare': {
      const found = property(event, node.path);
      if (found === undefined || found === null || typeof found === 'object') return false;
      const same = wildcard(node.value).test(String(found));
      return node.op === '=' ? same : !same;
    }
  }
}

/** Whether a JSON log event matches a JSON filter pattern (see the syntax above). */
export function filterPatternMatches(pattern: string, event: unknown): boolean {
  return evaluate(parseFilterPattern(pattern), event);
}
