/** monthly-budget's texts, in English and Japanese (the step's logic is in monthly-budget.ts). */
import { texts } from '../../src/i18n/index.js';

const PERIODS: Record<string, string> = { DAILY: 'day', MONTHLY: 'month', QUARTERLY: 'quarter', ANNUALLY: 'year' };
const PERIODS_JA: Record<string, string> = { DAILY: '1 日あたり', MONTHLY: '月あたり', QUARTERLY: '四半期あたり', ANNUALLY: '年あたり' };
const ALERT_TYPES_JA: Record<string, string> = { ACTUAL: '実績', FORECASTED: '予測' };

const en = {
  title: 'A monthly cost budget emails alerts before the bill surprises anyone',
  why: 'AWS bills after the fact: a leaked access key mining crypto or a forgotten test cluster can run up thousands before the invoice arrives. A budget alert is the cheapest early warning.',
  input: {
    nameEmpty: 'give a budget name',
    nameTooLong: 'a budget name is at most 100 characters',
    nameChars: "a budget name may not contain ':', '\\' or '/action/'",
    alertType: 'expected ACTUAL (spent so far this month) or FORECASTED (expected by the end of the month)',
    percent: 'expected a percentage of the budget, like 80',
    percentMin: 'a threshold is at least 1 %',
    percentMax: 'a threshold is at most 1000 %',
    noAlerts: 'give at least one alert threshold',
    tooManyAlerts: (max: number) => `a budget can have at most ${max} alerts`,
    sameAlertTwice: 'the same alert threshold is listed twice',
  },
  question: {
    amount: 'Monthly budget in USD (e.g. 50):',
    emails: 'Email addresses for budget alerts (comma-separated, up to 10):',
  },
  /** A budget's limit: "USD 50.00 per month", "USAGE budget, Hrs 20.00 per day (planned limits)". */
  limit: {
    per: (unit: string) => (PERIODS[unit] ? `per ${PERIODS[unit]}` : `per ${unit.toLowerCase()} period`),
    amount: (money: string, period: string) => `${money} ${period}`,
    none: (period: string) => `no fixed limit ${period}`,
    planned: ' (planned limits)',
    autoAdjusting: ' (auto-adjusting)',
    ofType: (type: string) => `${type} budget, `,
  },
  /** An alert: "actual > 80 %", "forecasted > 100 %", "actual > 500 (absolute)". */
  alert: {
    type: (type: string) => type.toLowerCase(),
    absolute: (threshold: number) => `${threshold} (absolute)`,
    withRecipients: (alert: string, to: string) => `${alert} to ${to}`,
  },
  plan: {
    others: (list: string) => `Other budgets are left as they are: ${list}.`,
    other: (name: string, limit: string) => `"${name}" (${limit})`,
    forecasted: 'Forecasted alerts start once AWS has enough usage history to forecast (about five weeks in a new account).',
    unread: (emails: string) => `Warning: the alerts go to ${emails} only: no-reply addresses and reserved domains (.invalid, .test, .example, .localhost) reach nobody who reads them. Give an address a person reads.`,
    create: (name: string, count: number) => `Create the monthly cost budget "${name}" with ${count} email alert${count === 1 ? '' : 's'}`,
    noBudget: (name: string) => `no budget named "${name}"`,
    created: (limit: string, alerts: string, to: string, tags: string) => `${limit}; alerts: ${alerts}; to ${to}; tags: ${tags}`,
    filters: (name: string) => `Budget "${name}" only counts costs that match its filters; the filters are left as they are.`,
    setLimit: (name: string, limit: string) => `Set the limit of budget "${name}" to ${limit}`,
    changeRecipients: (alert: string, name: string) => `Change who gets the alert ${alert} of budget "${name}"`,
    removeAlert: (alert: string, name: string) => `Remove the alert ${alert} from budget "${name}"`,
    addAlert: (alert: string, name: string) => `Add the alert ${alert} to budget "${name}"`,
    noAlert: (alert: string) => `no alert at ${alert}`,
  },
  undo: {
    deleteBudget: (name: string) => `Delete the budget "${name}" (it did not exist before)`,
    restoreLimit: (name: string, limit: string) => `Set the limit of budget "${name}" back to ${limit}`,
    removeAlert: (alert: string, name: string) => `Remove the alert ${alert} from budget "${name}"`,
    restoreAlert: (alert: string, name: string, to: string) => `Put back the alert ${alert} of budget "${name}", to ${to}`,
    restoreRecipients: (alert: string, name: string, to: string) => `Send the alert ${alert} of budget "${name}" to ${to} again`,
  },
  drift: {
    gone: (name: string) => `the budget "${name}" no longer exists`,
    theBudget: (name: string) => `the budget "${name}"`,
    limit: (name: string, now: string, set: string) => `the limit of budget "${name}" is now ${now} (this run set ${set})`,
    alerts: (name: string) => `the alerts of budget "${name}" were changed since this run`,
    alertRemoved: (alert: string, name: string) => `the alert ${alert} of budget "${name}" was removed since this run`,
    recipients: (alert: string, name: string) => `the recipients of the alert ${alert} of budget "${name}" were changed since this run`,
    alertBack: (name: string, alert: string) => `budget "${name}" has an alert at ${alert} again`,
    goesTo: (alert: string, name: string, now: string, set: string) => `the alert ${alert} of budget "${name}" now goes to ${now} (this run set ${set})`,
  },
  error: {
    budgetAppeared: (name: string, limit: string, alerts: string) =>
      `A budget named "${name}" appeared while this run was creating it, with ${limit} and alerts ${alerts || 'none'}: not what this run asked for, so it is left alone. Run again to see the plan for it.`,
    alertAppeared: (alert: string, name: string, to: string) =>
      `The alert ${alert} of budget "${name}" appeared while this run was adding it, sent to ${to}: not what this run asked for, so it is left alone. Run again to see the plan for it.`,
  },
};

export const t = texts('monthly-budget', en, {
  title: '月次のコスト予算が、請求額に驚く前に E メールで通知する',
  why: 'AWS の請求は後から届きます。漏えいしたアクセスキーによる暗号資産のマイニングや消し忘れたテスト用クラスターは、請求書が届く前に数千ドルの料金を発生させることがあります。予算の通知は最も安上がりな早期警告です。',
  input: {
    nameEmpty: '予算名を指定してください',
    nameTooLong: '予算名は 100 文字以内で指定してください',
    nameChars: "予算名には ':'、'\\'、'/action/' を使えません",
    alertType: 'ACTUAL (今月これまでの実績) か FORECASTED (月末までの予測) を指定してください',
    percent: '予算額に対する割合を 80 のように指定してください',
    percentMin: 'しきい値は 1 % 以上で指定してください',
    percentMax: 'しきい値は 1000 % 以下で指定してください',
    noAlerts: '通知のしきい値を 1 つ以上指定してください',
    tooManyAlerts: (max: number) => `1 つの予算に設定できる通知は ${max} 件までです`,
    sameAlertTwice: '同じ通知のしきい値が 2 回指定されています',
  },
  question: {
    amount: '月ごとの予算額 (USD、例: 50):',
    emails: '予算の通知を送る E メールアドレス (カンマ区切り、10 件まで):',
  },
  limit: {
    per: (unit: string) => PERIODS_JA[unit] ?? `${unit} の期間あたり`,
    amount: (money: string, period: string) => (period ? `${period} ${money}` : money),
    none: (period: string) => (period ? `${period}の固定の予算額なし` : '固定の予算額なし'),
    planned: ' (期間ごとに計画された予算額)',
    autoAdjusting: ' (自動調整)',
    ofType: (type: string) => `${type} 予算、`,
  },
  alert: {
    type: (type: string) => ALERT_TYPES_JA[type] ?? type,
    absolute: (threshold: number) => `${threshold} (絶対値)`,
    withRecipients: (alert: string, to: string) => `${alert} (宛先: ${to})`,
  },
  plan: {
    others: (list: string) => `他の予算はそのままです: ${list}。`,
    other: (name: string, limit: string) => `「${name}」(${limit})`,
    forecasted: '予測に基づく通知は、AWS が予測できるだけの使用履歴がたまってから動き始めます (新しいアカウントでは約 5 週間)。',
    unread: (emails: string) => `警告: アラートの送信先は ${emails} だけです。no-reply のアドレスや予約済みドメイン (.invalid、.test、.example、.localhost) では誰も読みません。人が読むアドレスを指定してください。`,
    create: (name: string, count: number) => `月次のコスト予算「${name}」を作成する (E メール通知 ${count} 件)`,
    noBudget: (name: string) => `「${name}」という名前の予算なし`,
    created: (limit: string, alerts: string, to: string, tags: string) => `${limit}、通知: ${alerts}、宛先: ${to}、タグ: ${tags}`,
    filters: (name: string) => `予算「${name}」はフィルターに一致するコストだけを集計します。フィルターはそのままです。`,
    setLimit: (name: string, limit: string) => `予算「${name}」の予算額を ${limit} にする`,
    changeRecipients: (alert: string, name: string) => `予算「${name}」の通知 ${alert} の宛先を変更する`,
    removeAlert: (alert: string, name: string) => `予算「${name}」から通知 ${alert} を削除する`,
    addAlert: (alert: string, name: string) => `予算「${name}」に通知 ${alert} を追加する`,
    noAlert: (alert: string) => `${alert} の通知なし`,
  },
  undo: {
    deleteBudget: (name: string) => `予算「${name}」を削除する (以前は存在しなかった)`,
    restoreLimit: (name: string, limit: string) => `予算「${name}」の予算額を ${limit} に戻す`,
    removeAlert: (alert: string, name: string) => `予算「${name}」から通知 ${alert} を削除する`,
    restoreAlert: (alert: string, name: string, to: string) => `予算「${name}」の通知 ${alert} を元に戻す (宛先: ${to})`,
    restoreRecipients: (alert: string, name: string, to: string) => `予算「${name}」の通知 ${alert} の宛先を ${to} に戻す`,
  },
  drift: {
    gone: (name: string) => `予算「${name}」はもう存在しない`,
    theBudget: (name: string) => `予算「${name}」`,
    limit: (name: string, now: string, set: string) => `予算「${name}」の予算額は現在 ${now} (この実行で設定したのは ${set})`,
    alerts: (name: string) => `予算「${name}」の通知はこの実行の後に変更された`,
    alertRemoved: (alert: string, name: string) => `予算「${name}」の通知 ${alert} はこの実行の後に削除された`,
    recipients: (alert: string, name: string) => `予算「${name}」の通知 ${alert} の宛先はこの実行の後に変更された`,
    alertBack: (name: string, alert: string) => `予算「${name}」に ${alert} の通知が再び設定されている`,
    goesTo: (alert: string, name: string, now: string, set: string) => `予算「${name}」の通知 ${alert} の宛先は現在 ${now} (この実行で設定したのは ${set})`,
  },
  error: {
    budgetAppeared: (name: string, limit: string, alerts: string) =>
      `この実行が作成している間に「${name}」という名前の予算が現れました (${limit}、通知: ${alerts || 'なし'})。この実行が求めたものではないため、手を付けずに残します。もう一度実行すると、その予算に対する計画を確認できます。`,
    alertAppeared: (alert: string, name: string, to: string) =>
      `この実行が追加している間に予算「${name}」の通知 ${alert} が現れました (宛先: ${to})。この実行が求めたものではないため、手を付けずに残します。もう一度実行すると、その通知に対する計画を確認できます。`,
  },
});
