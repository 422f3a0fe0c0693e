// The Russian dictionary, merged from areas/ru/*.ts: a chunk of its own, loaded when Russian is
// first needed (dictionary.ts `loadDictionary`), so the first chunk carries one language.

import { ru as app } from "./areas/ru/app";
import { ru as board } from "./areas/ru/board";
import { ru as calibration } from "./areas/ru/calibration";
import { ru as compare } from "./areas/ru/compare";
import { ru as compliance } from "./areas/ru/compliance";
import { ru as contacts } from "./areas/ru/contacts";
import { ru as dossier } from "./areas/ru/dossier";
import { ru as edits } from "./areas/ru/edits";
import { ru as errors } from "./areas/ru/errors";
import { ru as exports } from "./areas/ru/export";
import { ru as framework } from "./areas/ru/framework";
import { ru as importing } from "./areas/ru/import";
import { ru as input } from "./areas/ru/input";
import { ru as insights } from "./areas/ru/insights";
import { ru as lifecycle } from "./areas/ru/lifecycle";
import { ru as merge } from "./areas/ru/merge";
import { ru as partners } from "./areas/ru/partners";
import { ru as pilot } from "./areas/ru/pilot";
import { ru as settings } from "./areas/ru/settings";
import { ru as sharing } from "./areas/ru/sharing";
import { ru as zones } from "./areas/ru/zones";
import type { Messages } from "./dictionary";

export const ru: Messages = {
  ...app,
  ...board,
  ...calibration,
  ...compare,
  ...compliance,
  ...contacts,
  ...dossier,
  ...edits,
  ...errors,
  ...exports,
  ...framework,
  ...importing,
  ...input,
  ...insights,
  ...lifecycle,
  ...merge,
  ...partners,
  ...pilot,
  ...settings,
  ...sharing,
  ...zones,
};
