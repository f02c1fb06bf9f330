/** The console's two languages: Japanese first, English on the toggle. */
export type Language = 'ja' | 'en';

/** Every text the console shows, in both languages. */
export const TEXTS = {
  consoleTitle: { ja: 'Kakehashi 職員コンソール', en: 'Kakehashi staff console' },
  switchLanguage: { ja: 'English', en: '日本語' },
  signedInAs: { ja: 'サインイン中の職員', en: 'Signed in' },
  name: { ja: '氏名', en: 'Name' },
  roles: { ja: '役割', en: 'Roles' },
  wards: { ja: '担当区', en: 'Wards' },
  noWards: { ja: '担当区なし（全市の業務）', en: 'No ward (city-wide work)' },
  signOut: { ja: 'サインアウト', en: 'Sign out' },
  signIn: { ja: 'サインイン', en: 'Sign in' },
  signInAgain: { ja: 'もう一度サインインする', en: 'Sign in again' },
  signedOutTitle: { ja: 'サインアウトしました', en: 'You have signed out' },
  signedOutBody: { ja: 'セッションを終了しました。', en: 'Your session has ended.' },
  sessionEndedTitle: { ja: 'セッションの有効期限が切れました', en: 'Your session has expired' },
  sessionEndedBody: {
    ja: '一定時間操作がなかったか、サインインから時間が経ちすぎたため、セッションを終了しました。もう一度サインインしてください。',
    en: 'The session ended because it was idle too long or too long has passed since you signed in. Please sign in again.',
  },
  signInLostTitle: { ja: 'サインインの手続きが見つかりません', en: 'The sign-in cannot be found' },
  signInLostBody: {
    ja: 'サインインの手続きが期限切れか、すでに使われています。コンソールからもう一度サインインしてください。',
    en: 'The sign-in has expired or was used already. Start again from the console.',
  },
  signInInvalidTitle: { ja: 'サインインの応答が正しくありません', en: 'The sign-in response is not valid' },
  signInInvalidBody: {
    ja: '認証基盤からの応答を確認できなかったため、サインインしませんでした。もう一度サインインしてください。',
    en: 'The response from the identity provider did not check out, so you were not signed in. Please sign in again.',
  },
  signInRefusedTitle: { ja: 'サインインできませんでした', en: 'Sign-in was refused' },
  signInRefusedBody: { ja: '認証基盤がサインインを拒否しました。', en: 'The identity provider refused the sign-in.' },
  noRoleTitle: { ja: '職員の役割がありません', en: 'No staff role' },
  noRoleBody: {
    ja: '認証基盤にこのコンソールで使える役割が登録されていません。所属の管理者に連絡してください。',
    en: 'The identity provider lists no role for this console. Ask your administrator.',
  },
  unavailableTitle: { ja: 'ただいまサインインできません', en: 'Sign-in is unavailable' },
  unavailableBody: { ja: '認証基盤または記録装置に接続できません。しばらくしてからもう一度お試しください。', en: 'The identity provider or the store cannot be reached. Try again in a moment.' },
  notConfiguredTitle: { ja: '職員サインインが設定されていません', en: 'Staff sign-in is not configured' },
  notConfiguredBody: { ja: '設定 staff.oidc に市の認証基盤を設定してください。', en: 'Configure the city identity provider in staff.oidc.' },
  forbiddenTitle: { ja: 'この操作は受け付けられません', en: 'This request was refused' },
  crossSiteBody: {
    ja: 'このコンソール以外のページから送信されたため、受け付けませんでした。コンソールの画面から操作してください。',
    en: 'The request came from outside this console, so it was refused. Use the console pages.',
  },
  csrfBody: {
    ja: 'フォームの確認用トークンが無いか正しくありません。画面を読み込み直してから操作してください。',
    en: 'The form’s check token is missing or wrong. Reload the page and try again.',
  },
  tooLargeTitle: { ja: '送信された内容が大きすぎます', en: 'The form sent is too large' },
  tooLargeBody: { ja: 'コンソールのフォームから送信してください。', en: 'Send it from the console’s own form.' },
  notFoundTitle: { ja: 'ページが見つかりません', en: 'Page not found' },
  notFoundBody: { ja: 'このアドレスにページはありません。', en: 'There is no page at this address.' },
  errorTitle: { ja: 'エラーが発生しました', en: 'Something went wrong' },
  errorBody: { ja: '処理中にエラーが発生しました。問い合わせの際は次の番号をお伝えください。', en: 'An error occurred. Quote this number when you report it.' },
  backToConsole: { ja: 'コンソールに戻る', en: 'Back to the console' },
} as const satisfies Record<string, Record<Language, string>>;

export type TextKey = keyof typeof TEXTS;

export function text(key: TextKey, language: Language): string {
  return TEXTS[key][language];
}
