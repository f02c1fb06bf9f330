import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** A small valid procedure (as plain data) that tests copy and break. */
export function sampleProcedure(id = 'sample-request'): Record<string, unknown> {
  return {
    id,
    title: { ja: '見本の請求', en: 'Sample request' },
    identity: {
      kind: 'jpki',
      applicant: { name: '/applicant/name', birthDate: '/applicant/birthDate', address: '/applicant/address', gender: '/applicant/gender' },
    },
    fee: { kind: 'per-copy', amount: 300, copies: '/copies' },
    issuanceMethods: ['electronic'],
    route: [
      { name: 'lookup-resident', action: 'request', system: 'resident-registry' },
      { name: 'issue-certificate', action: 'issue-certificate' },
    ],
    form: {
      fields: [
        {
          name: 'applicant',
          kind: 'group',
          required: true,
          label: { ja: '申請者', en: 'Applicant' },
          fields: [
            { name: 'name', kind: 'text', required: true, maxLength: 50, label: { ja: '氏名', en: 'Name' } },
            { name: 'birthDate', kind: 'date', required: true, max: 'today', label: { ja: '生年月日', en: 'Date of birth' } },
            {
              name: 'gender',
              kind: 'code',
              required: true,
              label: { ja: '性別', en: 'Gender' },
              options: [
                { value: '1', label: { ja: '男', en: 'Male' } },
                { value: '2', label: { ja: '女', en: 'Female' } },
              ],
            },
            { name: 'address', kind: 'address', required: true, label: { ja: '住所', en: 'Address' } },
          ],
        },
        { name: 'copies', kind: 'integer', required: true, min: 1, max: 10, label: { ja: '通数', en: 'Copies' } },
      ],
    },
  };
}

/** A temporary procedure directory; `files` maps file names to YAML text or data. */
export async function procedureDirectory(files: Record<string, string | Record<string, unknown>>): Promise<{ directory: string; remove(): Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), 'kakehashi-catalog-'));
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(directory, name), typeof content === 'string' ? content : stringify(content));
  }
  return { directory, remove: () => rm(directory, { recursive: true, force: true }) };
}
