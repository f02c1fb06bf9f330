/**
 * Padding to a width in characters: `pad.left` (`{ width: 8, char: '0' }` →
 * `00001234`) and `pad.right`. A longer value is left as it is: cutting is
 * the codec's job, where widths are measured in bytes and policies apply.
 */
import { onlyArgs } from './transform.js';
import type { Transform, TransformArgs } from './transform.js';
import { TransformValueError } from './transform.js';

function checkPadArgs(args: TransformArgs): string | undefined {
  const unknown = onlyArgs(args, ['width', 'char']);
  if (unknown) return unknown;
  if (!Number.isInteger(args.width) || (args.width as number) < 1 || (args.width as number) > 1000) return 'width must be an integer from 1 to 1000';
  if (args.char !== undefined && (typeof args.char !== 'string' || [...args.char].length !== 1)) return 'char must be one character';
  return undefined;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new TransformValueError('not-text', 'expected text or a number');
}

function pad(side: 'left' | 'right'): Transform {
  return {
    checkArgs: checkPadArgs,
    apply: (value, args) => {
      const str = text(value);
      const char = (args.char as string | undefined) ?? ' ';
      const missing = (args.width as number) - [...str].length;
      if (missing <= 0) return str;
      return side === 'left' ? char.repeat(missing) + str : str + char.repeat(missing);
    },
  };
}

export const padTransforms: Record<string, Transform> = {
  'pad.left': pad('left'),
  'pad.right': pad('right'),
};
