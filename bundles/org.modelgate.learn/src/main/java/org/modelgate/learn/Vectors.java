package org.modelgate.learn;

/** Arithmetic on flat parameter vectors. */
final class Vectors {
    private Vectors() {
    }

    static double norm(float[] v) {
        double squares = 0;
        for (float x : v) {
            squares += (double) x * x;
        }
        return Math.sqrt(squares);
    }
}
