class Bytes {
  String s = "ÿşÃ";
}
