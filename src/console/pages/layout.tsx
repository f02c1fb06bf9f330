import type { Child } from 'hono/jsx';
import { text, type Language } from '../texts.js';

/** Every console page: language, title, the language toggle, the content. */
export function Layout(props: { language: Language; title: string; back: string; children: Child }) {
  const other: Language = props.language === 'ja' ? 'en' : 'ja';
  return (
    <html lang={props.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – ${text('consoleTitle', props.language)}`}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
      </head>
      <body>
        <header>
          <span class="title">{text('consoleTitle', props.language)}</span>
          <a id="language-toggle" lang={other} href={`/console/language/${other}?back=${encodeURIComponent(props.back)}`}>
            {text('switchLanguage', props.language)}
          </a>
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}
