/**
 * Rich valid records for rule tests: an oncology inpatient case (C-file, 3.1) with KSG, KSLP,
 * referrals, tumour board, stage/TNM, histology, contraindications, drug therapy and radiation.
 * Field values follow the register spec; codes are real where the spec gives them.
 */
import type { Zap } from '../../../src/registers/model.js';

export function oncologyInpatientZap(): Zap {
  return {
    N_ZAP: '7',
    PR_NOV: '0',
    PACIENT: { ID_PAC: 'P7', VPOLIS: '3', NPOLIS: '7500000000000007', SMO: '75001', NOVOR: '0', INV: '0' },
    Z_SL: {
      IDCASE: '900007', USL_OK: '1', VIDPOM: '31', FOR_POM: '3', NPR_MO: '750002', NPR_DATE: '2021-04-01', LPU: '750096',
      DATE_Z_1: '2021-04-05', DATE_Z_2: '2021-04-15', KD_Z: '10', RSLT: '101', ISHOD: '102', IDSP: '33', SUMV: '78222.24',
      SL: [
        {
          SL_ID: '900007', LPU_1: '1', PODR: '12', PROFIL: '60', PROFIL_K: '9', DET: '0', NHISTORY: 'И-7', P_PER: '1',
          DATE_1: '2021-04-05', DATE_2: '2021-04-15', KD: '10', DS0: 'C50.1', DS1: 'C50.1', DS2: ['I10'], C_ZAB: '2', DS_ONK: '0',
          CODE_MES1: ['ST19.001'],
          NAPR: [{ NAPR_DATE: '2021-04-10', NAPR_MO: '750002', NAPR_V: '3', MET_ISSL: '2', NAPR_USL: 'A06.09.007' }],
          CONS: [{ PR_CONS: '1', DT_CONS: '2021-04-06' }],
          ONK_SL: {
            DS1_T: '0', STAD: '10', ONK_T: '20', ONK_N: '30', ONK_M: '40', MTSTZ: '1', SOD: '40.00', K_FR: '20', WEI: '70.0', HEI: '170', BSA: '1.81',
            B_DIAG: [{ DIAG_DATE: '2021-04-06', DIAG_TIP: '1', DIAG_CODE: '1', DIAG_RSLT: '3', REC_RSLT: '1' }],
            B_PROT: [{ PROT: '1', D_PROT: '2021-04-06' }],
            ONK_USL: [
              { USL_TIP: '2', LEK_TIP_L: '1', LEK_TIP_V: '1', PPTR: '1', LEK_PR: [{ REGNUM: '000001', CODE_SH: 'sh0001', DATE_INJ: ['2021-04-07', '2021-04-08'] }] },
              { USL_TIP: '3', LUCH_TIP: '1' },
            ],
          },
          KSG_KPG: {
            N_KSG: 'st19.001', VER_KSG: '2021', KSG_PG: '0', KOEF_Z: '2.50000', KOEF_UP: '1.00000', BZTSZ: '21728.40',
            KOEF_D: '1.00000', KOEF_U: '1.00000', CRIT: ['sh0001'], SL_K: '1', IT_SL: '1.10000', SL_KOEF: [{ IDSL: '1', Z_SL: '1.10000' }],
          },
          PRVS: '41', VERS_SPEC: 'V021', IDDOKT: '038-077-626 70', ED_COL: '1.00', TARIF: '78222.24', SUM_M: '78222.24',
          USL: [
            {
              IDSERV: '900107', LPU: '750096', LPU_1: '1', PODR: '12', PROFIL: '60', VID_VME: 'A16.20.032', DET: '0', DATE_IN: '2021-04-06',
              DATE_OUT: '2021-04-06', DS: 'C50.1', CODE_USL: 'A16.20.032', KOL_USL: '1.00', TARIF: '0.00', SUMV_USL: '0.00',
              PRVS: '41', CODE_MD: '038-077-626 70', NPL: '1', COMENTU: 'операция',
            },
          ],
          COMENTSL: 'онкология',
        },
      ],
    },
  };
}
