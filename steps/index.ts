/** The checklist, in the order the wizard walks it. */
import type { AnyStep } from '../src/engine/step.js';
import s3BlockPublicAccess from './s3-block-public-access.js';

export const checklist: readonly AnyStep[] = [s3BlockPublicAccess];
