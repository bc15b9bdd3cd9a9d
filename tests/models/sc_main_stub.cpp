// libsystemc's own main() calls sc_main; this program has gtest's main, but
// the shared library still needs the symbol to link.
int sc_main(int, char**) { return 0; }
