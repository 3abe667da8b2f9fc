import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalHost } from '../../src/engine/host.js';
import { UserQuit } from '../../src/core/errors.js';

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

  it('Ctrl-C at a prompt is a clean quit', async () => {
    const { host, type } = fakeTerminal();
    type('\u0003');
    await expect(host.ask({ path: 'x', message: 'Anything:', kind: 'text' })).rejects.toBeInstanceOf(UserQuit);
  });
});
