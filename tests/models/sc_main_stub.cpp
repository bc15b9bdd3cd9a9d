// libsystemc's own main() calls sc_main; this program has gtest's main, but
// the shared library still needs the symbol to link.
extern "C" int sc_main(int, char**) { return 0; }
