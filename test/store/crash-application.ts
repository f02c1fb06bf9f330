import type { NewApplication } from '../../src/store/types.js';
import { newApplication } from './store-fixtures.js';

/** The application the crash writer records for `id`; the test rebuilds it to compare. */
export function crashApplication(id: string): NewApplication {
  const input = newApplication(id);
  input.application.form = { id, name: '𠮷野 葛\u{E0100}子', padding: 'あ'.repeat(500) };
  return input;
}
