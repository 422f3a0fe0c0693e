//! What Vetta writes for people to read outside the app: the texts of files in both languages
//! (`texts`), and the dossier report (`html`, its frame; `sections`, what each part says; `words`, the rules' words).

pub mod html;
mod sections;
pub mod texts;
mod words;
