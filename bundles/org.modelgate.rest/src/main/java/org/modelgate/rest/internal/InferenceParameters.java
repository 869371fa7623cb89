package org.modelgate.rest.internal;

import java.util.Map;

/**
 * The request-level parameters of {@code POST .../infer} that ask for explanations:
 * {@code "parameters": {"top_k": 3, "confidence": true, "explain": true}}. Other parameters are left alone (clients
 * written for Triton or KServe send their own).
 *
 * @param topK how many classes to list, or 0 when not asked
 * @param confidence whether to give max, margin and entropy
 * @param explain whether to attribute the prediction to the input features
 */
record InferenceParameters(int topK, boolean confidence, boolean explain) {
    /** Nothing asked. */
    static final InferenceParameters NONE = new InferenceParameters(0, false, false);

    /**
     * Reads them.
     *
     * @param parameters the request's parameters
     * @return what they ask
     * @throws ParameterRefusedException 400 naming the parameter whose value is of the wrong type or range
     */
    static InferenceParameters of(Map<String, Object> parameters) {
        int topK = 0;
        Object k = parameters.get("top_k");
        if (parameters.containsKey("top_k")) {
            if (!(k instanceof Long value) || value < 1 || value > Integer.MAX_VALUE) {
                throw new ParameterRefusedException(ErrorStatus.BAD_REQUEST, "parameter top_k must be a whole number "
                        + "of 1 or more (at most the model's classes), got " + shown(k));
            }
            topK = (int) (long) value;
        }
        return new InferenceParameters(topK, flag(parameters, "confidence"), flag(parameters, "explain"));
    }

    /**
     * The request's route key ({@code "parameters": {"route_key": "user-42"}}): while a sticky traffic policy runs, the
     * same key always meets the same version. Text, or a whole number taken as its digits.
     *
     * @param parameters the request's parameters
     * @return the key, or null when there is none
     * @throws ParameterRefusedException 400 when it is neither text nor a whole number
     */
    static String routeKey(Map<String, Object> parameters) {
        Object key = parameters.get("route_key");
        if (key == null) {
            return null;
        }
        if (key instanceof String text && !text.isEmpty()) {
            return text;
        }
        if (key instanceof Long || key instanceof Integer || key instanceof java.math.BigInteger) {
            return key.toString();
        }
        throw new ParameterRefusedException(ErrorStatus.BAD_REQUEST, "parameter route_key must be text or a whole number "
                + "(a user, device or session id), got " + shown(key));
    }

    /**
     * Triton's {@code binary_data_output}: every output as binary data (the codec reads it; checked here).
     *
     * @param parameters the request's parameters
     * @return its value, false when absent
     * @throws ParameterRefusedException 400 when it is not a boolean
     */
    static boolean binaryDataOutput(Map<String, Object> parameters) {
        return flag(parameters, "binary_data_output");
    }

    private static boolean flag(Map<String, Object> parameters, String name) {
        if (!parameters.containsKey(name)) {
            return false;
        }
        Object value = parameters.get(name);
        if (!(value instanceof Boolean b)) {
            throw new ParameterRefusedException(ErrorStatus.BAD_REQUEST, "parameter " + name + " must be true or false, "
                    + "got " + shown(value));
        }
        return b;
    }

    private static String shown(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    /** @return whether anything is asked */
    boolean any() {
        return topK > 0 || confidence || explain;
    }
}
