/**
 * Text that fits the terminal. Widths are display columns (string-width: East Asian wide
 * characters count 2, ANSI colour codes 0). Lines wrap on word boundaries; Japanese may break
 * between any two wide characters, except before closing punctuation (、。）」…) or after opening
 * punctuation (（「…), and never inside a run of Latin script (a word, an ARN, a region code). A
 * wrapped line keeps its indentation, and after a leading marker ("~ ", "✓ ", "- ", "! ", "[3/20] ")
 * or short label ("before: ", "us-east-1: ") its continuation lines line up with the text after
 * it. A name (a run of Latin script: a bucket name, an ARN, a path, an email; or a command in
 * backticks, spaces and all) is never broken: when it does not fit the rest of a line it starts
 * the next one. Only a name wider than the whole line is broken, after a `/`, `:` or `-` (or a
 * space inside backticks) where it can, and the broken line ends with CONTINUES, so a person can
 * put it back together (everything up to the mark, then the next line's text). Colours
 * are closed at the end of a wrapped line and opened again on the next one, so each line stands on
 * its own.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let stringWidth: ((text: string) => number) | undefined;

/**
 * Characters one column wide alone and side by side (ASCII, Latin-1, the punctuation, arrows,
 * box drawing and marks the texts use): their width is their count. string-width builds Unicode
 * tables worth about 0.1 s of start-up when it loads, so it loads only for other text (Japanese,
 * emoji). test/i18n/wrap.test.ts checks string-width agrees on every one of these.
 */
export const ONE_COLUMN_EACH = /^[\x20-\x7e\xa1-\xac\xae-\xff\u2010-\u2027\u2030-\u205e\u2190-\u22ff\u2500-\u25fc\u2713-\u2717]*$/;
// eslint-disable-next-line no-control-regex -- colour codes are what this matches
const COLOUR = /\x1b\[[\d;]*m/g;

/** Ends a line where a name wider than the whole line was broken: the name goes on at the start of the next line's text. */
export const CONTINUES = '↩';

/** The width of `text` in terminal columns (ANSI codes count 0, wide characters 2). */
export function displayWidth(text: string): number {
  const plain = text.includes('\x1b') ? text.replace(COLOUR, '') : text;
  if (ONE_COLUMN_EACH.test(plain)) return plain.length;
  stringWidth ??= (require('string-width') as typeof import('string-width')).default;
  return stringWidth(plain);
}

/** `text` padded with spaces to `width` display columns (never cut). */
export function padDisplay(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Each line of `text` wrapped at `columns` display columns (see the module comment). */
export function wrapText(text: string, columns: number): string {
  return text
    .split('\n')
    .map((line) => wrapLine(line, Math.max(1, Math.floor(columns))))
    .join('\n');
}

/** The terminal width of an output stream, or undefined when it is not a terminal (piped output is not wrapped). */
export function terminalColumns(stream: NodeJS.WritableStream): number | undefined {
  const tty = stream as Partial<NodeJS.WriteStream>;
  return tty.isTTY && typeof tty.columns === 'number' && tty.columns > 0 ? tty.columns : undefined;
}

// ANSI escape sequences: CSI (colours are `ESC [ … m`) and OSC (hyperlinks), zero columns wide.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/y;

/** Markers after which a continuation line is indented to the marker's text. */
const MARKER = /^(?:[~✓✗!↶•*-]|\[\d+\/\d+\]) /;
/** A short label ("before: ", "us-east-1: ", "Resource: ") whose value continues under the value. */
const LABEL = /^[^\s:]+: (?=\S)/;
const MAX_LABEL_WIDTH = 16;

/** Not at the start of a line (Japanese kinsoku), nor separated from what precedes them. */
const CLOSING = new Set([...'、。，．）」』】〕〉》｝］！？：；・ーゝゞ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…‥)]},.:;!?%”’']);
/** Not at the end of a line, nor separated from what follows them. */
const OPENING = new Set([...'（「『【〔〈《｛［([{“‘']);

interface Token {
  /** The text as written (a grapheme, or an escape sequence). */
  readonly text: string;
  readonly width: number;
  readonly ansi: boolean;
  readonly space: boolean;
  readonly wide: boolean;
}

/** Made on first use: building a segmenter costs more than a short run wraps. */
let graphemes: Intl.Segmenter | undefined;

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let plain = '';
  const flush = () => {
    // One-column characters are each a grapheme of their own, one column wide: no segmenter needed.
    const oneColumn = ONE_COLUMN_EACH.test(plain);
    const segments = oneColumn ? Array.from(plain, (segment) => ({ segment })) : (graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(plain);
    for (const { segment } of segments) {
      const width = oneColumn ? 1 : displayWidth(segment);
      tokens.push({ text: segment, width, ansi: false, space: /^\s+$/.test(segment), wide: width >= 2 });
    }
    plain = '';
  };
  for (let i = 0; i < line.length; ) {
    ANSI.lastIndex = i;
    const match = line[i] === '\u001b' ? ANSI.exec(line) : null;
    if (match) {
      flush();
      tokens.push({ text: match[0], width: 0, ansi: true, space: false, wide: false });
      i += match[0].length;
    } else {
      plain += line[i];
      i++;
    }
  }
  flush();
  return tokens;
}

/** Which SGR styles are on, so a wrapped line can close them and the next one open them again. */
class Styles {
  /** Category (intensity, colour…) → the code that turned it on. */
  private readonly on = new Map<string, string>();

  track(sequence: string): void {
    // eslint-disable-next-line no-control-regex
    const sgr = /^\u001b\[([0-9;]*)m$/.exec(sequence);
    if (!sgr) return;
    const params = sgr[1] ? sgr[1].split(';').map(Number) : [0];
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      if (p === 0) this.on.clear();
      else if (p === 1 || p === 2) this.on.set('intensity', `\u001b[${p}m`);
      else if (p === 22) this.on.delete('intensity');
      else if (p === 3) this.on.set('italic', '\u001b[3m');
      else if (p === 23) this.on.delete('italic');
      else if (p === 4) this.on.set('underline', '\u001b[4m');
      else if (p === 24) this.on.delete('underline');
      else if (p === 7) this.on.set('inverse', '\u001b[7m');
      else if (p === 27) this.on.delete('inverse');
      else if ((p >= 30 && p <= 37) || (p >= 90 && p <= 97)) this.on.set('fg', `\u001b[${p}m`);
      else if (p === 39) this.on.delete('fg');
      else if ((p >= 40 && p <= 47) || (p >= 100 && p <= 107)) this.on.set('bg', `\u001b[${p}m`);
      else if (p === 49) this.on.delete('bg');
      else if (p === 38 || p === 48) {
        // 38;5;n or 38;2;r;g;b
        const length = params[i + 1] === 5 ? 3 : params[i + 1] === 2 ? 5 : 1;
        this.on.set(p === 38 ? 'fg' : 'bg', `\u001b[${params.slice(i, i + length).join(';')}m`);
        i += length - 1;
      }
    }
  }

  /** Codes that turn every style off (at the end of a wrapped line). */
  close(): string {
    const off: Record<string, string> = { intensity: '22', italic: '23', underline: '24', inverse: '27', fg: '39', bg: '49' };
    return [...this.on.keys()].map((key) => `\u001b[${off[key]}m`).join('');
  }

  /** Codes that turn them on again (at the start of the next line). */
  reopen(): string {
    return [...this.on.values()].join('');
  }
}

/**
 * A piece of the line that is never broken (unless it is wider than a line by itself): a run of
 * Latin script, or a wide character with the punctuation that must stay beside it. `spaceBefore`
 * holds the spaces (and escape sequences among them) between it and the piece before.
 */
interface Chunk {
  readonly spaceBefore: Token[];
  readonly tokens: Token[];
}

function chunksOf(tokens: readonly Token[]): Chunk[] {
  const chunks: Array<{ spaceBefore: Token[]; tokens: Token[] }> = [];
  let spaces: Token[] = [];
  let current: { spaceBefore: Token[]; tokens: Token[] } | undefined;
  let last: Token | undefined;
  let pendingAnsi: Token[] = [];
  // Inside backticks (a command), spaces belong to the piece: it is kept whole like a name.
  let inTicks = false;
  for (const token of tokens) {
    if (token.ansi) {
      pendingAnsi.push(token);
      continue;
    }
    if (token.text === '`') inTicks = !inTicks;
    if (token.space && inTicks && current) {
      current.tokens.push(...pendingAnsi, token);
      pendingAnsi = [];
      last = { ...token, space: false };
      continue;
    }
    if (token.space) {
      spaces.push(...pendingAnsi, token);
      pendingAnsi = [];
      current = undefined;
      last = token;
      continue;
    }
    const joined =
      current !== undefined &&
      last !== undefined &&
      !last.space &&
      // Between two Latin characters: the same word. Beside a wide character: a break is allowed,
      // except before closing or after opening punctuation.
      ((!last.wide && !token.wide) || CLOSING.has(token.text) || OPENING.has(last.text) || (inTicks && token.text !== '`') || (token.text === '`' && !inTicks));
    if (joined) {
      current!.tokens.push(...pendingAnsi, token);
    } else {
      current = { spaceBefore: spaces, tokens: [...pendingAnsi, token] };
      chunks.push(current);
      spaces = [];
    }
    pendingAnsi = [];
    last = token;
  }
  // Escape sequences and spaces at the end of the line.
  if (pendingAnsi.length || spaces.length) {
    if (current && !spaces.length) current.tokens.push(...pendingAnsi);
    else chunks.push({ spaceBefore: [...spaces, ...pendingAnsi], tokens: [] });
  }
  return chunks;
}

const widthOf = (tokens: readonly Token[]) => tokens.reduce((sum, t) => sum + t.width, 0);

/** The width of the widest piece of `text` that wrapping keeps whole (a name, a command in backticks). */
export function widestName(text: string): number {
  return Math.max(0, ...text.split('\n').flatMap((line) => chunksOf(tokenize(line)).map((chunk) => widthOf(chunk.tokens))));
}

/** Where a name wider than a line may be broken: after one of these (or a space inside backticks). */
const BREAK_AFTER = new Set(['/', ':', '-', ' ']);

function wrapLine(line: string, columns: number): string {
  if (displayWidth(line) <= columns) return line;
  const tokens = tokenize(line);
  // The leading indentation and marker stay on the first line as written.
  let start = 0;
  let indent = 0;
  while (start < tokens.length && (tokens[start]!.ansi || tokens[start]!.space)) indent += tokens[start++]!.width;
  const rest = tokens.slice(start);
  const visible = rest.filter((t) => !t.ansi).map((t) => t.text).join('');
  const bullet = MARKER.exec(visible)?.[0];
  const label = bullet ? undefined : LABEL.exec(visible)?.[0];
  const marker = bullet ?? (label && displayWidth(label) <= MAX_LABEL_WIDTH ? label : undefined);
  let hanging = indent;
  if (marker) {
    // Take the marker's tokens (and any escape sequences among and after them) into the head.
    let taken = 0;
    while (start < tokens.length && taken < marker.length) {
      const token = tokens[start++]!;
      if (!token.ansi) taken += token.text.length;
    }
    while (start < tokens.length && tokens[start]!.ansi) start++;
    hanging = indent + displayWidth(marker);
  }
  // A hanging indent that leaves too little room is given up for the line's own indentation, then for none.
  if (columns - hanging < Math.min(20, Math.ceil(columns / 2))) hanging = columns - indent >= Math.min(20, Math.ceil(columns / 2)) ? indent : 0;

  const head = tokens.slice(0, start);
  const styles = new Styles();
  const lines: string[] = [];
  let text = head.map((t) => t.text).join('');
  head.forEach((t) => t.ansi && styles.track(t.text));
  let width = widthOf(head);
  let empty = true;
  // On a continuation line, styles are opened again just before its first character (so a style
  // that closes right at the break leaves no empty pair behind).
  let reopen = false;
  const emit = (token: Token) => {
    if (token.ansi) {
      styles.track(token.text);
      if (!reopen) text += token.text;
      return;
    }
    if (reopen) text += styles.reopen();
    reopen = false;
    text += token.text;
    width += token.width;
    empty = false;
  };
  const newLine = (lineIndent = hanging) => {
    lines.push(text.trimEnd() + styles.close());
    text = ' '.repeat(lineIndent);
    width = lineIndent;
    empty = true;
    reopen = true;
  };
  /**
   * Where a continuation line starts for a piece `size` wide: at the hanging indent; a piece too
   * wide for that (a path, a URL) further left, at the line's indentation or the margin, so it
   * stays whole if it can.
   */
  const indentFor = (size: number) => (size <= columns - hanging ? hanging : size <= columns - indent ? indent : size <= columns ? 0 : hanging);
  let first = true;
  for (const chunk of chunksOf(tokens.slice(start))) {
    const space = widthOf(chunk.spaceBefore);
    const size = widthOf(chunk.tokens);
    if (!chunk.tokens.some((t) => !t.ansi)) {
      // Only spaces and escape sequences left: the spaces are dropped at the end of the line.
      for (const token of [...chunk.spaceBefore, ...chunk.tokens]) if (token.ansi) emit(token);
      continue;
    }
    // After a label alone, a piece that fits on a line of its own goes there rather than being cut.
    const afterLabel = first && label !== undefined && marker === label && width + space + size > columns && size <= columns - indentFor(size);
    first = false;
    if ((!empty || afterLabel) && width + space + size > columns) {
      newLine(indentFor(size));
      // The spaces at the break are dropped; escape sequences among them are kept.
      for (const token of chunk.spaceBefore) if (token.ansi) emit(token);
    } else {
      for (const token of chunk.spaceBefore) emit(token);
    }
    if (width + size <= columns) {
      for (const token of chunk.tokens) emit(token);
      continue;
    }
    // Wider than a whole line: broken after a separator where one fits (between characters
    // otherwise), each broken line ending with the mark.
    let left = chunk.tokens;
    while (widthOf(left) > columns - width) {
      const room = columns - width - displayWidth(CONTINUES);
      let used = 0;
      let cut = -1;
      // A command in backticks breaks between its words where it can.
      let cutAtSpace = -1;
      let fits = 0;
      for (let i = 0; i < left.length; i++) {
        used += left[i]!.width;
        if (used > room) break;
        fits = i + 1;
        if (!left[i]!.ansi && BREAK_AFTER.has(left[i]!.text) && i < left.length - 1) cut = i + 1;
        if (left[i]!.space && i < left.length - 1) cutAtSpace = i + 1;
      }
      if (cutAtSpace > 0) cut = cutAtSpace;
      if (cut < 0 && !empty) {
        newLine();
        continue;
      }
      const end = cut > 0 ? cut : Math.max(1, fits);
      for (const token of left.slice(0, end)) emit(token);
      text = text.trimEnd();
      text += CONTINUES;
      left = left.slice(end);
      newLine();
    }
    for (const token of left) emit(token);
  }
  lines.push(text.trimEnd());
  return lines.join('\n');
}
