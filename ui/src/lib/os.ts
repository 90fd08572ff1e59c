/**
 * Which desktop the webview runs on, from its user agent (WebView2 on Windows, WKWebView on
 * macOS, WebKitGTK on Linux). app.css picks each platform's UI font by it: see `--font` there.
 */
export type Os = 'windows' | 'macos' | 'linux' | 'other';

export function osOf(userAgent: string): Os {
  if (/Windows NT/.test(userAgent)) return 'windows';
  if (/Macintosh|Mac OS X/.test(userAgent)) return 'macos';
  if (/Linux|X11/.test(userAgent)) return 'linux';
  return 'other';
}

/** Set `data-os` on the root element before the first text is laid out. */
export function markOs(root: HTMLElement = document.documentElement): void {
  root.dataset.os = osOf(navigator.userAgent);
}
