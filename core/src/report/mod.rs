//! What Vetta writes for people to read outside the app: the texts of files in both languages
//! (`texts`), and the dossier report (`html`).

pub mod texts;
