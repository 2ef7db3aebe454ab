//! Word files from the UI: how a button on any page reaches the Word chunk, the user's format choice, and
//! saving the file.
//!
//! The writer is in its own lazily loaded chunk ([`crate::ui::routes::make_word`]). The buttons sit on pages
//! that are chunks themselves, and chunk code must never call a split function (see `routes`): so the main
//! module hands the split function over at start ([`register`], from `ui::start`) and the buttons call it
//! through [`make`]. The format (page and fonts, `export::word::format`) is kept per browser in
//! localStorage under [`FORMAT_KEY`].

use crate::export::word::format::Format;
use crate::export::word::{WordError, WordFile, WordRequest, DOCX_MIME};
use crate::ui::routes::{ChunkError, Task};
use crate::ui::state::AppState;
use std::cell::Cell;

/// The Word chunk's entry, as the main module registers it.
pub type MakeWord = fn(AppState, WordRequest, Format) -> Task<Result<Result<WordFile, WordError>, ChunkError>>;

thread_local! {
    static MAKER: Cell<Option<MakeWord>> = const { Cell::new(None) };
    /// The choice made on this page, for a browser that refuses localStorage.
    static CHOSEN: Cell<Option<Format>> = const { Cell::new(None) };
}

/// Called once by the main module at start.
pub fn register(maker: MakeWord) {
    MAKER.with(|m| m.set(Some(maker)));
}

/// Makes the requested file (fetching the Word chunk the first time) and offers it as a download. The error
/// is a Chinese sentence saying what to do; the data is never changed.
pub async fn make_and_save(app: AppState, request: WordRequest) -> Result<String, String> {
    let Some(maker) = MAKER.with(Cell::get) else {
        return Err("Word 导出尚未就绪，请刷新页面后重试。".to_owned());
    };
    let file = maker(app, request, saved_format())
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    crate::ui::components::download::download_bytes(&file.name, DOCX_MIME, &file.bytes)?;
    Ok(file.name)
}

/// The localStorage key of the chosen format ([`Format::code`]).
pub const FORMAT_KEY: &str = "zhibu-word-format";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The format this browser last chose, or the default (GB/T 9704 with the official fonts).
pub fn saved_format() -> Format {
    CHOSEN.with(Cell::get).unwrap_or_else(|| {
        storage()
            .and_then(|s| s.get_item(FORMAT_KEY).ok().flatten())
            .map(|c| Format::from_code(&c))
            .unwrap_or_default()
    })
}

/// Keeps the choice for the next file (a browser that refuses storage keeps it for this page only).
pub fn save_format(format: Format) {
    CHOSEN.with(|c| c.set(Some(format)));
    if let Some(s) = storage() {
        let _ = s.set_item(FORMAT_KEY, format.code());
    }
}
