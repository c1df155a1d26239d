class Bidi {
  String s = "‮evil‬";
}
