/** Issue 12: text that fits the terminal (src/i18n/wrap.ts). */
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { CONTINUES, displayWidth, ONE_COLUMN_EACH, padDisplay, terminalColumns, wrapText } from '../../src/i18n/wrap.js';

const widths = (text: string) => text.split('\n').map(displayWidth);
// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('displayWidth', () => {
  it('counts East Asian wide characters as two columns and ANSI colour codes as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('EBS のデフォルト暗号化')).toBe(4 + 18);
    expect(displayWidth('\u001b[31m✓ 変更済み\u001b[39m')).toBe(2 + 8);
    expect(padDisplay('準拠', 6)).toBe('準拠  ');
  });

  it('counts without string-width only characters string-width says are one column, alone and side by side', () => {
    const accepted: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      if (ONE_COLUMN_EACH.test(char)) accepted.push(char);
    }
    expect(accepted.length).toBeGreaterThan(500);
    expect(accepted.filter((char) => stringWidth(char) !== 1 || stringWidth(`a${char}b${char}`) !== 4)).toEqual([]);
    // Marks that join the character before them, and emoji, are left to string-width.
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('✅ done')).toBe(7);
    expect(displayWidth('\u001b[1m→ ✓ ✗ … ≥ ×\u001b[22m')).toBe(11);
  });
});

describe('wrapText', () => {
  it('leaves a line that fits as it is, and wraps Latin text on word boundaries', () => {
    expect(wrapText('short line', 20)).toBe('short line');
    expect(wrapText('Turn on EBS encryption by default in every region', 20)).toBe('Turn on EBS\nencryption by\ndefault in every\nregion');
  });

  it('never breaks inside a run of Latin script (an ARN, a region code, a word) unless it is wider than the line', () => {
    const out = wrapText('Deliver to arn:aws:sns:us-east-1:123456789012:aws-bootstrap-alerts now', 60);
    expect(out).toBe('Deliver to\narn:aws:sns:us-east-1:123456789012:aws-bootstrap-alerts now');
    // Wider than the line: broken after a `/`, `:` or `-` (issue 26), each broken line marked so
    // the name can be put back together.
    const long = wrapText('see arn:aws:iam::123456789012:role/aws-bootstrap-admin', 20);
    expect(long.split('\n')).toEqual(['see', `arn:aws:iam::${CONTINUES}`, `123456789012:role/${CONTINUES}`, 'aws-bootstrap-admin']);
    expect(long.split('\n').slice(1).join('\n').replaceAll(`${CONTINUES}\n`, '')).toBe('arn:aws:iam::123456789012:role/aws-bootstrap-admin');
    // Without a separator, between characters as a last resort (still marked).
    expect(wrapText('x 0123456789abcdefghijklmnop', 10).split('\n')).toEqual(['x', `012345678${CONTINUES}`, `9abcdefgh${CONTINUES}`, 'ijklmnop']);
  });

  it('never breaks a command in backticks, a bucket name, an email or a log path that fits a line (issue 26)', () => {
    const command = 'Remove it by hand: `aws s3 rb s3://aws-bootstrap-trail-123456789012 --force` when the logs are no longer needed.';
    const lines = wrapText(command, 60).split('\n');
    expect(lines.some((line) => line.includes('`aws s3 rb s3://aws-bootstrap-trail-123456789012 --force`'))).toBe(true);
    const bucket = '- Create the S3 bucket aws-bootstrap-config-123456789012-us-east-1 for AWS Config';
    expect(wrapText(bucket, 46).split('\n')).toEqual(['- Create the S3 bucket', '  aws-bootstrap-config-123456789012-us-east-1', '  for AWS Config']);
    // Too wide for the hanging indent: moved left, still whole.
    expect(wrapText(bucket, 44).split('\n')).toEqual(['- Create the S3 bucket', 'aws-bootstrap-config-123456789012-us-east-1', '  for AWS Config']);
    const ja = '取り消しログ: /home/user/.aws-bootstrap/undo-logs/123456789012/2026-12-07T13-00-33-233Z.jsonl (289 件の記録。`aws-bootstrap undo` で元に戻せます)';
    const out = wrapText(ja, 80).split('\n');
    expect(out.some((line) => line.trim() === '/home/user/.aws-bootstrap/undo-logs/123456789012/2026-12-07T13-00-33-233Z.jsonl')).toBe(true);
    expect(out.some((line) => line.includes('`aws-bootstrap undo`'))).toBe(true);
    // A path wider than the whole line is broken after its last separator that fits, marked.
    const narrow = wrapText(ja, 40).split('\n');
    expect(narrow.filter((line) => line.endsWith(CONTINUES)).length).toBeGreaterThan(0);
    expect(narrow.join('\n').replace(new RegExp(`${CONTINUES}\\n\\s*`, 'g'), '')).toContain('/home/user/.aws-bootstrap/undo-logs/123456789012/2026-12-07T13-00-33-233Z.jsonl');
    for (const line of narrow) expect(displayWidth(line)).toBeLessThanOrEqual(40);
  });

  it('breaks Japanese between any two wide characters, each line as full as it can be', () => {
    const text = 'これがないと、作成者が暗号化を指定しない限りボリュームは暗号化されずに保存されます。';
    const out = wrapText(text, 20);
    expect(out.replace(/\n/g, '')).toBe(text);
    expect(widths(out).slice(0, -1).every((w) => w >= 19 && w <= 20)).toBe(true);
  });

  it('never starts a line with closing punctuation, nor ends one with opening punctuation', () => {
    for (let columns = 8; columns <= 30; columns++) {
      const out = wrapText('確認メール「登録の確認」が届いたら、リンクを開いてください。（SNS が送信します）', columns);
      for (const line of out.split('\n')) {
        expect(line, `${columns}: ${out}`).not.toMatch(/^[、。）」]/);
        expect(line, `${columns}: ${out}`).not.toMatch(/[「（]$/);
        expect(displayWidth(line)).toBeLessThanOrEqual(columns);
      }
    }
  });

  it('keeps Latin words whole inside Japanese, and may break between a word and a wide character', () => {
    const out = wrapText('AWS Config の設定レコーダー aws-bootstrap-recorder を作成し、GuardDuty を有効にする', 24);
    expect(out.split('\n')).toEqual(['AWS Config の設定レコー', 'ダー', 'aws-bootstrap-recorder', 'を作成し、GuardDuty を有', '効にする']);
    for (const line of out.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(24);
  });

  it('keeps the indentation, and lines continuation lines up with the text after a leading marker or label', () => {
    expect(wrapText('    ~ Turn on EBS encryption by default in every region', 30)).toBe('    ~ Turn on EBS encryption\n      by default in every\n      region');
    expect(wrapText('  ✓ すでに準拠しています (17 リージョン) すべての設定', 24)).toBe('  ✓ すでに準拠しています\n    (17 リージョン) すべ\n    ての設定');
    expect(wrapText('  Existing volumes and snapshots stay as they are', 24)).toBe('  Existing volumes and\n  snapshots stay as they\n  are');
    expect(wrapText('[12/20] New EBS volumes are encrypted by default', 30)).toBe('[12/20] New EBS volumes are\n        encrypted by default');
    expect(wrapText('        変更前: 暗号化を指定しない限り新しいボリュームは暗号化されない', 40)).toBe(
      '        変更前: 暗号化を指定しない限り新\n                しいボリュームは暗号化さ\n                れない',
    );
  });

  it('gives up a hanging indent that would leave too little room', () => {
    expect(wrapText(`${' '.repeat(30)}- a b c d e f g h i j k l m n o p`, 40).split('\n')).toEqual([`${' '.repeat(30)}- a b c d`, 'e f g h i j k l m n o p']);
    expect(wrapText(`${' '.repeat(10)}- a b c d e f g h i j k l m n o p`, 40).split('\n')).toEqual([`${' '.repeat(10)}- a b c d e f g h i j k l m n`, `${' '.repeat(12)}o p`]);
  });

  it('keeps ANSI colours, never counts them, and closes and reopens them around each break', () => {
    const dim = (text: string) => `\u001b[2m${text}\u001b[22m`;
    const out = wrapText(dim('  Existing volumes and snapshots stay as they are'), 24);
    expect(plain(out)).toBe('  Existing volumes and\n  snapshots stay as they\n  are');
    expect(out.split('\n')).toEqual([`\u001b[2m  Existing volumes and\u001b[22m`, `  ${dim('snapshots stay as they')}`, `  ${dim('are')}`]);
    const red = wrapText(`    before: \u001b[31m新しいボリュームは暗号化されない\u001b[39m`, 30);
    expect(plain(red)).toBe('    before: 新しいボリュームは\n            暗号化されない');
    expect(red.split('\n')[1]).toBe('            \u001b[31m暗号化されない\u001b[39m');
    for (const line of red.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(30);
  });

  it('wraps each line of a multi-line text on its own, and keeps empty lines', () => {
    expect(wrapText('one two three\n\nfour five six', 9)).toBe('one two\nthree\n\nfour five\nsix');
  });
});

describe('terminalColumns', () => {
  it('is the width of a terminal, and nothing for a pipe', () => {
    expect(terminalColumns({ isTTY: true, columns: 80 } as unknown as NodeJS.WritableStream)).toBe(80);
    expect(terminalColumns({ columns: 80 } as unknown as NodeJS.WritableStream)).toBeUndefined();
    expect(terminalColumns({ isTTY: true } as unknown as NodeJS.WritableStream)).toBeUndefined();
  });
});

describe('wrapText with a piece wider than the hanging indent leaves room for', () => {
  const path = '/root/.aws-bootstrap/demo/undo-logs/123456789012/2026-11-30T14-10-28-912Z.jsonl';

  it('moves it left rather than cutting it', () => {
    expect(wrapText(`取り消しログ: ${path} (18 件の記録)`, 80).split('\n')).toEqual(['取り消しログ:', path, '              (18 件の記録)']);
    expect(wrapText(`Undo log: ${path} (18 records)`, 80).split('\n')).toEqual(['Undo log:', path, '(18 records)']);
    expect(wrapText(`  ~ Deliver to ${path}`, 82).split('\n')).toEqual(['  ~ Deliver to', `  ${path}`]);
  });
});
