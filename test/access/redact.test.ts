import { describe, expect, it } from 'vitest';
import { hidePaths, redactFindings, redactPersonal } from '../../src/access/redact.js';
import type { Finding } from '../../src/registers/contracts.js';

describe('hidePaths', () => {
  it('keeps the last segment of an absolute path, and leaves other text alone', () => {
    expect(hidePaths('/srv/omsx/.omsx/uploads/0b6f3c1e-8a0e/HM750096T75_21041.zip: not a ZIP')).toBe('HM750096T75_21041.zip: not a ZIP');
    expect(hidePaths('read "/home/u/regs/HM1.xml" (line 3)')).toBe('read "HM1.xml" (line 3)');
    expect(hidePaths('C:\\data\\in\\HM1.xml, /tmp/x/LM1.xml')).toBe('HM1.xml, LM1.xml');
    expect(hidePaths('SUMV=115.09, a/b 1/2 and 2021-04-05')).toBe('SUMV=115.09, a/b 1/2 and 2021-04-05');
  });
});

const flk: Finding = {
  control: 'FLK',
  rule: '006F.00.0010',
  severity: 'error',
  element: 'PERS/DR',
  value: '1980-01-02',
  id_pac: 'P1',
  n_zap: '1',
  message: 'нарушено DR<=DATE_Z_1: DR=1980-01-02, DATE_Z_1=1979-12-01; полис 7500000000000001, СНИЛС 123-456-789 01, W=1',
};
const mek: Finding = {
  control: 'MEK',
  rule: '003K.00.0420',
  severity: 'error',
  id_pac: 'P1',
  n_zap: '1',
  message: 'Дублирование случая: совпадают даты; другой случай: HM750097T75_21041 N_ZAP 7 IDCASE 900 (05.04.2021…05.04.2021)',
};
const mekOwn: Finding = { ...mek, message: mek.message.replace('HM750097', 'HM750096') };

describe('redactFindings', () => {
  it('TFOMS and others: no ID_PAC, no values of personal elements, no policy or SNILS numbers', () => {
    const [f] = redactFindings([flk], { role: 'tfoms', mo: null });
    expect(f.id_pac).toBeUndefined();
    expect(f.value).toBeUndefined();
    expect(f.message).toBe('нарушено DR<=DATE_Z_1: DR=…, DATE_Z_1=1979-12-01; полис …, СНИЛС …, W=…');
    // a value of an element that is not personal stays
    expect(redactFindings([{ ...flk, element: 'Z_SL/SUMV', value: '12.00' }], { role: 'admin', mo: null })[0].value).toBe('12.00');
  });

  it("an MO keeps its patients' data but learns nothing of another MO's register", () => {
    const [own, other, same] = redactFindings([flk, mek, mekOwn], { role: 'mo', mo: '750096' });
    expect(own).toEqual(flk);
    expect(other.message).toBe('Дублирование случая: совпадают даты; другой случай: в реестре другой МО');
    expect(same.message).toBe(mekOwn.message);
    // a message stored before the dates were written dd.mm.yyyy is cut the same way
    const stored = { ...mek, message: mek.message.replace('05.04.2021…05.04.2021', '2021-04-05…2021-04-05') };
    expect(redactFindings([stored], { role: 'mo', mo: '750096' })[0].message).toBe(other.message);
  });

  it('redactPersonal leaves rule text and care dates alone', () => {
    expect(redactPersonal('DATE_1=2021-04-05, PROFIL=16')).toBe('DATE_1=2021-04-05, PROFIL=16');
  });
});
