class Crlf {
  int x;

  int y() {
    return 1;
  }
}
