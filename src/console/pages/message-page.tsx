import { text, type Language, type TextKey } from '../texts.js';
import { Layout } from './layout.js';

/** A page that says one thing: signed out, an error, a refusal; with the way on. */
export function MessagePage(props: { language: Language; title: TextKey; body: TextKey; offerSignIn: boolean; requestId?: string; back?: string; detail?: string }) {
  const { language } = props;
  return (
    <Layout language={language} title={text(props.title, language)} back={props.back ?? '/console'}>
      <h1>{text(props.title, language)}</h1>
      <p id="message">{text(props.body, language)}</p>
      {props.detail ? <p id="detail">{props.detail}</p> : null}
      {props.requestId ? <p class="request-id">{props.requestId}</p> : null}
      <p>
        {props.offerSignIn ? (
          <a class="button" href="/console/sign-in">
            {text('signInAgain', language)}
          </a>
        ) : (
          <a href="/console">{text('backToConsole', language)}</a>
        )}
      </p>
    </Layout>
  );
}
