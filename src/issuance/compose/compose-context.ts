import type { Procedure } from '../../catalog/procedure.js';
import type { EraTable } from '../../jp/era.js';
import type { ApplicationRecord } from '../../store/types.js';
import type { CertificateContent, CertificateSubject } from '../certificate-document.js';

/** What a type's composer works from. */
export interface ComposeContext {
  application: ApplicationRecord;
  procedure: Procedure;
  /** Earlier steps' results by step name. */
  results: Record<string, unknown>;
  eras: EraTable;
}

/** What a type's composer decides: who, what, and the 認証文. */
export interface ComposedParts {
  subject: CertificateSubject;
  content: CertificateContent;
  certificationText: string;
}
