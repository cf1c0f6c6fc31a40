"""The application: start-up, the main window, actions, menu commands, docks, dialogs,
preferences, the status bar, the layer picker, and `Session` (what is open and selected).

`session`, `actions`, `dialogs`, `preferences` and `preview` are the shared base every
other UI package may import. `main_window`, `startup`, `commands` and `transfer_commands`
assemble the window: they may import every UI package (the dashboard only inside a
function), and nothing outside `app` imports them.
"""
