class Markers {
<<<<<<< ours
  int a;
=======
  int b;
>>>>>>> theirs
}
