package org.modelgate.optimize.graph;

/**
 * A model, or data given with it, that an optimization cannot work on; the message names what and how to fix it
 * ("the model is already quantized (QuantizeLinear, DequantizeLinear): optimize the float original").
 */
public class UnsuitableModelException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An exception with the message a user reads. */
    public UnsuitableModelException(String message) {
        super(message);
    }
}
