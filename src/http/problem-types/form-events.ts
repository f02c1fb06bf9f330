import { BODY_SHAPE_ISSUE_CODES } from './issue-codes.js';
import type { ProblemType } from './problem-type.js';

/** Problems with anonymous form events (POST /v1/form-events) and their statistics. */
export const FORM_EVENT_PROBLEM_TYPES: ProblemType[] = [
  {
    code: 'form-events-invalid',
    status: 422,
    title: 'Invalid form events',
    titleJa: 'フォームイベントが正しくありません',
    description:
      'A batch of form events has an item that cannot be counted: a key the event does not have (an event never carries a value or anything about the resident), ' +
      'a procedure not in the catalog, a pointer that is not a field of the procedure\'s form, a code on an event other than error (or none on an error), ' +
      'a time more than 24 hours back or 5 minutes ahead, or more events than a batch may hold. errors[].pointer names each bad item (/events/<n>/<key>); nothing of the batch was recorded.',
    descriptionJa:
      'フォームイベントの一括送信に、集計できない項目があります。イベントにないキー（イベントには入力値や住民に関する情報を含めません）、カタログにない手続、' +
      '手続のフォームにない項目を指すポインタ、error 以外のイベントのコード（または error にコードがない）、24 時間より前か 5 分より先の時刻、上限を超える件数のいずれかです。' +
      'errors[].pointer（/events/<n>/<キー>）が該当する項目を示します。この一括送信は何も記録していません。',
    action: 'Correct or drop the items named, and send the batch again.',
    actionJa: '示された項目を直すか除いて、もう一度送ってください。',
    carriesErrors: true,
    issueCodes: [...BODY_SHAPE_ISSUE_CODES, 'unknown-procedure', 'out-of-range'],
  },
];
