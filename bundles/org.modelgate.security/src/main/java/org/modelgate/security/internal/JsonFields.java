package org.modelgate.security.internal;

import java.util.List;
import java.util.Map;
import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.SignatureProblem;

/** Typed access to a parsed JSON object, refusing with one problem kind and the field's dotted path. */
final class JsonFields {
    private final Map<?, ?> object;
    private final String path;
    private final SignatureProblem problem;
    private final String document;

    private JsonFields(Map<?, ?> object, String path, SignatureProblem problem, String document) {
        this.object = object;
        this.path = path;
        this.problem = problem;
        this.document = document;
    }

    /** Wraps a parsed document that must be an object. */
    static JsonFields root(Object value, SignatureProblem problem, String document) throws ModelSignatureException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new ModelSignatureException(problem, document + " is not a JSON object", List.of());
        }
        return new JsonFields(map, "", problem, document);
    }

    boolean has(String name) {
        return object.containsKey(name) && object.get(name) != null;
    }

    String string(String name) throws ModelSignatureException {
        Object v = object.get(name);
        if (!(v instanceof String s)) {
            throw refuse(name, v == null ? "is missing" : "is not a string");
        }
        return s;
    }

    String optString(String name) throws ModelSignatureException {
        return has(name) ? string(name) : null;
    }

    boolean optBoolean(String name, boolean otherwise) throws ModelSignatureException {
        Object v = object.get(name);
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof Boolean b)) {
            throw refuse(name, "is not true or false");
        }
        return b;
    }

    JsonFields object(String name) throws ModelSignatureException {
        Object v = object.get(name);
        if (!(v instanceof Map<?, ?> map)) {
            throw refuse(name, v == null ? "is missing" : "is not an object");
        }
        return new JsonFields(map, dotted(name), problem, document);
    }

    List<JsonFields> objects(String name) throws ModelSignatureException {
        Object v = object.get(name);
        if (!(v instanceof List<?> list)) {
            throw refuse(name, v == null ? "is missing" : "is not an array");
        }
        List<JsonFields> out = new java.util.ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw refuse(name + "[" + i + "]", "is not an object");
            }
            out.add(new JsonFields(map, dotted(name) + "[" + i + "]", problem, document));
        }
        return out;
    }

    List<String> strings(String name) throws ModelSignatureException {
        Object v = object.get(name);
        if (!(v instanceof List<?> list)) {
            throw refuse(name, v == null ? "is missing" : "is not an array");
        }
        List<String> out = new java.util.ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String text)) {
                throw refuse(name + "[" + i + "]", "is not a string");
            }
            out.add(text);
        }
        return out;
    }

    int arraySize(String name) throws ModelSignatureException {
        Object v = object.get(name);
        if (v == null) {
            return 0;
        }
        if (!(v instanceof List<?> list)) {
            throw refuse(name, "is not an array");
        }
        return list.size();
    }

    ModelSignatureException refuse(String name, String why) {
        return new ModelSignatureException(problem, document + ": field '" + dotted(name) + "' " + why, List.of());
    }

    private String dotted(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
