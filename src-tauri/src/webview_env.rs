//! How the app sets up WebKitGTK (the webview on Linux) for its own process, before any webview
//! exists or any thread starts: WebKitGTK reads these variables once, when it starts.

/// WebKitGTK's own switch for accelerated compositing.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
const COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Accelerated compositing is off unless the user chose otherwise. Without it WebKitGTK loads no
/// GL stack into the webview's process (Mesa, and with it LLVM, where there is no GPU driver).
/// Measured on the benchmark machine (scripts/bench-startup.sh): the first screen about 20 ms
/// sooner and the idle process tree 506 -> 415 MB. The console's screens are forms with no
/// animation or video: nothing in them needs the GPU. `WEBKIT_DISABLE_COMPOSITING_MODE=0`
/// (WebKitGTK reads any value but "0" as "off") keeps compositing on.
pub fn choose() {
    #[cfg(target_os = "linux")]
    if let Some(value) = compositing_default(std::env::var_os(COMPOSITING).as_deref()) {
        // Called first thing in `run`, before any other thread exists.
        std::env::set_var(COMPOSITING, value);
    }
}

/// The value to set when the user has set none.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn compositing_default(current: Option<&std::ffi::OsStr>) -> Option<&'static str> {
    current.is_none().then_some("1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn compositing_is_turned_off_only_when_the_user_chose_nothing() {
        assert_eq!(compositing_default(None), Some("1"));
        assert_eq!(compositing_default(Some(OsStr::new("0"))), None, "the user's 0 keeps compositing on");
        assert_eq!(compositing_default(Some(OsStr::new("1"))), None);
        assert_eq!(compositing_default(Some(OsStr::new(""))), None);
    }
}
