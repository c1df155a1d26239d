class Escape {
  // \u000a int hidden;
  char c = '\u0041';
}
