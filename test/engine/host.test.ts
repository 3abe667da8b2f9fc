import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { layoutColumns, printer, terminalHost } from '../../src/engine/host.js';
import { UserQuit } from '../../src/core/errors.js';
import { setLanguage } from '../../src/i18n/index.js';
import { englishLeft } from '../support/english.js';

/** A terminal host on in-memory streams: what it shows, and a way to type. */
function fakeTerminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  const host = terminalHost(output, input);
  const type = (text: string) => setTimeout(() => input.write(text), 50);
  return { host, type, shown: () => shown };
}

describe('the terminal host (@inquirer/prompts)', () => {
  it('offers a suggestion that Enter accepts', async () => {
    const { host, type } = fakeTerminal();
    type('\r');
    await expect(host.ask({ path: 'countryCode', message: 'Country calling code:', kind: 'text', suggestion: '+81' })).resolves.toBe('+81');
  });

  it('re-asks until the validator accepts the answer', async () => {
    const { host, type, shown } = fakeTerminal();
    const validate = (answer: string) => (/^\d+$/.test(answer) ? undefined : 'expected digits');
    type('abc\r');
    setTimeout(() => type('\u0008\u0008\u000842\r'), 100);
    await expect(host.ask({ path: 'n', message: 'A number:', kind: 'text', validate })).resolves.toBe('42');
    expect(shown()).toContain('expected digits');
  });

  it('confirms a step with y / n / a / q, and a destructive one defaults to No without "all"', async () => {
    const { host, type, shown } = fakeTerminal();
    type('a\r');
    await expect(host.confirm({ message: 'Apply this step?', destructive: false })).resolves.toBe('all');
    const destructive = fakeTerminal();
    destructive.type('\r');
    await expect(destructive.host.confirm({ message: 'Delete?', destructive: true })).resolves.toBe('no');
    expect(destructive.shown()).not.toMatch(/\(yNaqh\)|All: yes/);
    expect(shown()).toContain('Apply this step?');
  });

  it('a single key acts at once, without Enter; the choices and that Enter takes the default are shown (issue 26)', async () => {
    for (const [key, decision] of [['a', 'all'], ['y', 'yes'], ['n', 'no'], ['q', 'quit']] as const) {
      const { host, type, shown } = fakeTerminal();
      type(key);
      await expect(host.confirm({ message: 'Apply this step?', destructive: false })).resolves.toBe(decision);
      // eslint-disable-next-line no-control-regex
      const screen = shown().replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
      expect(screen).toContain('a) All: yes to this and every later step');
      expect(screen).toContain('Press a key; Enter is y) Yes, apply this step.');
    }
    const many = fakeTerminal();
    many.type('c');
    await expect(many.host.confirm({ message: 'Undo in 3 regions?', destructive: true, choose: 'regions' })).resolves.toBe('some');
    expect(many.shown()).toContain('c) Choose regions: the ones not chosen are kept');
    const edit = fakeTerminal();
    edit.type('e');
    await expect(edit.host.confirm({ message: 'Apply this step?', destructive: false, edit: true })).resolves.toBe('edit');
    expect(edit.shown()).toContain('e) Edit the answers');
    const pick = fakeTerminal();
    // Down, space (the second), Enter.
    pick.type('\u001b[B \r');
    await expect(pick.host.pick('regions', ['eu-west-1', 'us-east-1'])).resolves.toEqual(['us-east-1']);
  });

  it('Ctrl-C at a prompt is a clean quit', async () => {
    const { host, type } = fakeTerminal();
    type('\u0003');
    await expect(host.ask({ path: 'x', message: 'Anything:', kind: 'text' })).rejects.toBeInstanceOf(UserQuit);
  });

  it('in Japanese: the choices, and the complaint of the prompt about a key it does not know', async () => {
    setLanguage('ja');
    try {
      const { host, type, shown } = fakeTerminal();
      type('x\r');
      setTimeout(() => type('\u0008h\r'), 100);
      setTimeout(() => type('\u0008y\r'), 200);
      await expect(host.confirm({ message: 'このステップを適用しますか?', destructive: false })).resolves.toBe('yes');
      // eslint-disable-next-line no-control-regex
      const screen = shown().replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
      expect(screen).toContain('「x」は選択肢にありません');
      expect(screen).toContain('y) はい、このステップを適用する');
      expect(screen).toContain('a) すべて: このステップと以降のすべてのステップを適用する');
      expect(screen).toContain('q) 終了 (これ以上は何も変更しない)');
      expect(englishLeft(screen)).toEqual([]);
    } finally {
      setLanguage('en');
    }
  });
});

describe('printing', () => {
  const stream = (tty: { isTTY?: boolean; columns?: number }) => {
    const out = Object.assign(new PassThrough(), tty);
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { out, text: () => text };
  };
  const long = '  Existing volumes and snapshots stay as they are; only volumes created from now on are encrypted.';

  it('wraps at the width of a terminal, keeping the indentation', () => {
    const { out, text } = stream({ isTTY: true, columns: 40 });
    printer(out)(long);
    expect(text()).toBe('  Existing volumes and snapshots stay as\n  they are; only volumes created from\n  now on are encrypted.\n');
  });

  it('leaves piped output as it is (a pipe has no width)', () => {
    const { out, text } = stream({});
    printer(out)(long);
    expect(text()).toBe(`${long}\n`);
    expect(layoutColumns(out)).toBeUndefined();
  });

  it('lays tables out for the terminal, or for 80 columns on a terminal that does not say', () => {
    expect(layoutColumns(stream({ isTTY: true, columns: 132 }).out)).toBe(132);
    expect(layoutColumns(stream({ isTTY: true }).out)).toBe(80);
  });
});
