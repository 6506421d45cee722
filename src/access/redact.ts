/**
 * What leaves the server: server paths removed from messages, and the FLK/MEK protocol cut to what the viewer may
 * see. Pure functions.
 */
import type { Finding } from '../registers/contracts.js';
import type { Role } from './roles.js';

// an absolute path of two or more segments (POSIX or Windows), ending at a space, quote, bracket, comma or colon
const PATH = /(?<![\w.])(?:[A-Za-z]:)?(?:[\\/][^\\/\s"'<>(),;:]+){2,}[\\/]?/g;

/** Replaces every absolute path in a text by its last segment (`/srv/omsx/uploads/<uuid>/HM1.zip` → `HM1.zip`). */
export function hidePaths(text: string): string {
  return text.replace(PATH, (p) => {
    const parts = p.split(/[\\/]/).filter(Boolean);
    return parts[parts.length - 1] ?? '';
  });
}

/** Elements of the L-file and PACIENT that are personal data: their values are not shown to roles without access. */
const PERSONAL = new Set([
  'FAM',
  'IM',
  'OT',
  'W',
  'DR',
  'DOST',
  'FAM_P',
  'IM_P',
  'OT_P',
  'W_P',
  'DR_P',
  'DOST_P',
  'MR',
  'TEL',
  'DOCTYPE',
  'DOCSER',
  'DOCNUM',
  'DOCDATE',
  'DOCORG',
  'SNILS',
  'OKATOG',
  'OKATOP',
  'SPOLIS',
  'NPOLIS',
  'ENP',
  'ID_PAC',
  'NOVOR',
  'ADRES',
]);
const NAMED_VALUE = /\b([A-Z][A-Z0-9_]*)=([^,;\s)]*)/g;
// a policy number / ENP (16 digits), a SNILS (11 digits, with or without separators)
const NUMBERS = /\b\d{16}\b|\b\d{3}-\d{3}-\d{3}[ -]\d{2}\b|\b\d{11}\b/g;

/** A message with the values of personal-data elements and policy/SNILS-like numbers replaced by `…`. */
export function redactPersonal(message: string): string {
  return message.replace(NAMED_VALUE, (m, name: string) => (PERSONAL.has(name) ? `${name}=…` : m)).replace(NUMBERS, '…');
}

// the cross-record MEK names the other case: "другой случай: <file> N_ZAP <n> IDCASE <id> (<d1>…<d2>)"
const OTHER_CASE = /другой случай: (\S+) N_ZAP \S+ IDCASE \S+ \([^)]*\)/g;

/** Who reads a protocol: an MO sees its own patients but nothing of another MO's registers. */
export interface ProtocolViewer {
  role: Role;
  mo: string | null;
}

/**
 * The findings as `viewer` may see them. An MO (whose own data the protocol is about) keeps ID_PAC and values, but a
 * cross-record MEK finding that points to another MO's register says only that (not its file, record or dates).
 * Every other role sees no ID_PAC and no personal-data values (names, birth dates, sex, documents, policies).
 */
export function redactFindings(findings: readonly Finding[], viewer: ProtocolViewer): Finding[] {
  if (viewer.role === 'mo') {
    const own = (file: string) => viewer.mo !== null && file.toUpperCase().includes(`M${viewer.mo.toUpperCase()}`);
    return findings.map((f) => ({
      ...f,
      message: f.message.replace(OTHER_CASE, (m, file: string) => (own(file) ? m : 'другой случай: в реестре другой МО')),
    }));
  }
  return findings.map((f) => {
    const name = f.element?.split('/').pop() ?? '';
    const { id_pac: _idPac, ...rest } = f;
    return { ...rest, value: PERSONAL.has(name) ? undefined : f.value, message: redactPersonal(f.message) };
  });
}
