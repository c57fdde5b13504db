// The README's module descriptor; ModularSnippetTest compiles this folder as a module against the
// library's modules (integration-tests' ModularAppTest also runs such an application).
// README: module-info
module my.app {
  requires io.github.imageedits.client;
  requires io.github.imageedits.acedata;
}
// END
