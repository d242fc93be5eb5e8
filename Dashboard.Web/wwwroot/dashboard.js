// The dashboard's few browser-side helpers (theme, viewer settings, scrolling), run in <head> before the first paint so a stored dark theme never flashes light.
// No stored choice: the CSS follows the system (prefers-color-scheme). The toggle stores the opposite of what shows.
(function () {
    const key = "logplatform.theme";
    const root = document.documentElement;
    const stored = () => { try { return localStorage.getItem(key); } catch { return null; } };
    const systemDark = () => window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    const effective = () => stored() ?? (systemDark() ? "dark" : "light");
    const apply = () => {
        const choice = stored();
        if (choice === "dark" || choice === "light") root.dataset.theme = choice; else delete root.dataset.theme;
    };
    apply();

    window.logplatform = {
        theme: effective,
        toggleTheme() {
            const next = effective() === "dark" ? "light" : "dark";
            try { localStorage.setItem(key, next); } catch { /* private mode: this page only */ root.dataset.theme = next; return next; }
            apply();
            return next;
        },
        // Read once per circuit by the layout: the browser's IANA zone, its current offset, and the stored UTC choice.
        viewer() {
            let utc = false;
            try { utc = localStorage.getItem("logplatform.utc") === "1"; } catch { }
            return { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || "", offsetMinutes: -new Date().getTimezoneOffset(), utc };
        },
        rememberUtc(utc) { try { localStorage.setItem("logplatform.utc", utc ? "1" : "0"); } catch { } },
        // The scope page's auto-scroll: keep the newest log (at the bottom) in view.
        scrollToEnd() { window.scrollTo(0, document.documentElement.scrollHeight); },
    };
})();
