// Errors from Rust (`error.<code>`, one per IpcError code) and the field names they mention.
import type { Shape } from "../messages";

export const en = {
  "field.name": "Name",
  "field.market": "Market",
  "field.markets": "Markets",
  "field.limit": "Page size",
  "field.search": "Search",
  "field.language": "Language",
  "error.empty_field": "{field}: please fill this in.",
  "error.too_long": "{field} is too long: at most {max} characters.",
  "error.invalid_value": "{field}: “{value}” is not a valid value.",
  "error.unknown_time_zone": "“{value}” is not a time zone Vetta knows. Use an IANA name such as Europe/Moscow or America/New_York.",
  "error.unknown_market": "There is no market “{value}”.",
  "error.no_markets": "Choose at least one market.",
  "error.not_found": "This {entity} no longer exists.",
  "error.incompatible_database": "This data file was written by a newer version of Vetta (schema {fileVersion}); this version understands schema {appVersion} at most. Update Vetta to open it.",
  "error.damaged_database": "The data file is damaged and cannot be read: {path}",
  "error.file_system": "Vetta cannot read or write {path}. Check the folder’s permissions and free disk space.",
  "error.storage": "Saving failed because of an internal storage error. Nothing was changed.",
  "error.unexpected": "Something unexpected went wrong: {detail}",
} as const;

export const ru: Shape<typeof en> = {
  "field.name": "Название",
  "field.market": "Рынок",
  "field.markets": "Рынки",
  "field.limit": "Размер страницы",
  "field.search": "Поиск",
  "field.language": "Язык",
  "error.empty_field": "{field}: заполните это поле.",
  "error.too_long": "{field}: слишком длинно, не больше {max} символов.",
  "error.invalid_value": "{field}: «{value}» — недопустимое значение.",
  "error.unknown_time_zone": "«{value}» — неизвестный часовой пояс. Укажите название IANA, например Europe/Moscow или America/New_York.",
  "error.unknown_market": "Рынка «{value}» нет.",
  "error.no_markets": "Выберите хотя бы один рынок.",
  "error.not_found": "Этот объект ({entity}) больше не существует.",
  "error.incompatible_database": "Файл данных записан более новой версией Vetta (схема {fileVersion}); эта версия понимает схему не выше {appVersion}. Обновите Vetta, чтобы открыть его.",
  "error.damaged_database": "Файл данных повреждён и не читается: {path}",
  "error.file_system": "Vetta не может прочитать или записать {path}. Проверьте права на папку и свободное место на диске.",
  "error.storage": "Не удалось сохранить из-за внутренней ошибки хранилища. Ничего не изменено.",
  "error.unexpected": "Что-то пошло не так: {detail}",
};
