class NoNewline {
  int x;
}