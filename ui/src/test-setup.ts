// Every test reads both languages: the Russian dictionary (a chunk of its own in the app, loaded
// when first needed) is put in place before any test runs.
import { dictionaries } from "./i18n/dictionary";
import { ru } from "./i18n/ru";

dictionaries.ru = ru;
