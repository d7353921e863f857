//! The web page for people (peer workers, coordinators, anyone looking for help): the
//! search page and the resource sheet as server-rendered HTML in English and Spanish,
//! built on the same search as `/v1/search`, with its own stylesheet and optional script.

pub mod assets;
pub mod find;
pub mod form;
pub mod format;
pub mod notice;
pub mod page;
pub mod sheet;
pub mod text;
