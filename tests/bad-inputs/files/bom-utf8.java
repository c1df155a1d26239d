class Bom {
  int x;
}
