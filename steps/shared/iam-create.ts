/**
 * Creating an IAM resource safely: never twice, and found again after a lost answer although
 * IAM's reads lag behind its writes (the admin role and group, the trail's delivery role).
 */
import { createOnce } from '../../src/aws/create-once.js';
import { isErrorCode } from '../../src/aws/errors.js';

/** Waits between reads of something IAM says exists but a lagging read does not show yet (about 6 s in all). */
const LAGGING_READ_DELAYS_MS = [100, 200, 400, 800, 1600, 3200];

/**
 * A create through `createOnce` (never two of it, and what a lost answer made is taken as this
 * run's after `find` checked it is what was asked). IAM reads are eventually consistent, so the
 * read after a lost answer may not show what that attempt made yet; the create sent again then
 * gets EntityAlreadyExists, and `find` is tried again, waiting a little longer each time.
 */
export async function createIamOnce(create: () => Promise<string>, find: () => Promise<string | undefined>): Promise<string> {
  let answerLost = false;
  return createOnce({
    create: async () => {
      try {
        return await create();
      } catch (error) {
        if (!answerLost || !isErrorCode(error, 'EntityAlreadyExistsException', 'EntityAlreadyExists')) throw error;
        for (const delay of LAGGING_READ_DELAYS_MS) {
          await new Promise((resolve) => setTimeout(resolve, delay));
          const found = await find();
          if (found !== undefined) return found;
        }
        throw error;
      }
    },
    find: () => {
      answerLost = true;
      return find();
    },
  });
}
