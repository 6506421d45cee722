/**
 * The FLK protocol in the official FLK_P form (FNAME, FNAME_I, PR*{OSHIB, IM_POL, ZN_POL, BAS_EL,
 * N_ZAP, ID_PAC, IDCASE, SL_ID, IDSERV, COMMENT}) and as JSON.
 */
import type { Finding } from '../contracts.js';
import { win1251Text } from './win1251-text.js';

/** Protocol file name for a register file: HM…/CM…/TM… → VM…, DPM… → VPM…, LM… → VM… (spec §2). */
export function protocolName(fileName: string): string {
  const base = fileName.replace(/\.(xml|zip)$/i, '');
  if (/^[HCT]/i.test(base)) return 'V' + base.slice(1);
  if (/^D[A-Z]/i.test(base)) return 'V' + base.slice(1);
  if (/^L[A-Z]?M/i.test(base)) return 'V' + base.slice(base.indexOf('M'));
  return 'V' + base;
}

const escXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Renders FLK_P XML (as a string; encode to windows-1251 when writing a file). In windows-1251 (the default) every
 * text is written in characters that encoding has (`≠` as `!=`, `Σ` as `сумма`: win1251-text.ts), never as `?`.
 */
export function renderFlkP(sourceFile: string, findings: readonly Finding[], encoding = 'windows-1251'): string {
  const cp1251 = /^(windows-1251|win1251|cp1251)$/i.test(encoding);
  const esc = (s: string) => escXml(cp1251 ? win1251Text(s) : s);
  const el = (name: string, v: string | undefined) => (v === undefined || v === '' ? '' : `<${name}>${esc(v)}</${name}>`);
  const out: string[] = [`<?xml version="1.0" encoding="${encoding}"?>`, '<FLK_P>'];
  out.push(`<FNAME>${esc(protocolName(sourceFile))}</FNAME>`, `<FNAME_I>${esc(sourceFile.replace(/\.xml$/i, ''))}</FNAME_I>`);
  for (const f of findings) {
    out.push(
      '<PR>' +
        el('OSHIB', f.rule) +
        el('IM_POL', f.element?.split('/').pop()) +
        el('ZN_POL', f.value) +
        el('BAS_EL', f.basEl) +
        el('N_ZAP', f.n_zap) +
        el('ID_PAC', f.id_pac) +
        el('IDCASE', f.idcase) +
        el('SL_ID', f.sl_id) +
        el('IDSERV', f.idserv) +
        el('COMMENT', (cp1251 ? win1251Text(f.message) : f.message).slice(0, 250)) +
        '</PR>',
    );
  }
  out.push('</FLK_P>');
  return out.join('\n') + '\n';
}

/**
 * The protocol of a file rejected whole, of which nothing was stored: the findings that rejected it (a header's
 * Q015 errors), or else one entry whose comment says why, without a rule id — Q015 has none for a file that cannot
 * be read at all (not well-formed, wrong encoding).
 */
export function rejectionFindings(error: string | undefined, findings: readonly Finding[] | undefined): Finding[] {
  if (findings?.length) return [...findings];
  return [{ control: 'FLK', rule: '', severity: 'error', message: error ?? 'file rejected' }];
}

/** One JSON line of the CLI/API protocol. */
export interface ProtocolEntry {
  file: string;
  control: Finding['control'];
  rule: string;
  severity: Finding['severity'];
  element: string | null;
  n_zap: string | null;
  idcase: string | null;
  sl_id: string | null;
  message: string;
}

export function toProtocolEntry(file: string, f: Finding): ProtocolEntry {
  return {
    file,
    control: f.control,
    rule: f.rule,
    severity: f.severity,
    element: f.element ?? null,
    n_zap: f.n_zap ?? null,
    idcase: f.idcase ?? null,
    sl_id: f.sl_id ?? null,
    message: f.message,
  };
}
