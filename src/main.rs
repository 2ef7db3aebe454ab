//! Entry point of the browser app: mounts the Leptos UI.

fn main() {
    #[cfg(target_arch = "wasm32")]
    zhibu::ui::start();
}
