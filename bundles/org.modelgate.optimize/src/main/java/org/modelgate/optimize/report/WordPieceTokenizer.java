package org.modelgate.optimize.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.modelgate.json.JsonDocumentException;
import org.modelgate.json.StrictJson;
import org.modelgate.optimize.OptimizationException;

/**
 * BERT's uncased WordPiece tokenizer, as Hugging Face's {@code BertNormalizer} + {@code BertPreTokenizer} +
 * {@code WordPiece} do it: text lower-cased with accents stripped, split on whitespace and punctuation, each word cut
 * greedily into the longest vocabulary pieces ({@code ##} continues a word), {@code [UNK]} for a word that cannot
 * be; then {@code [CLS] ... [SEP]}. The vocabulary comes from a model's {@code tokenizer.json} or a {@code vocab.txt}.
 * Reference samples of real sentences for text models, e.g. all-MiniLM-L6-v2.
 *
 * <pre>
 * WordPieceTokenizer tokenizer = WordPieceTokenizer.read(Path.of("tokenizer.json"));
 * long[] ids = tokenizer.encode("Modelgate serves models on the edge.", 32);   // [101, ..., 102]
 * </pre>
 */
public final class WordPieceTokenizer {
    private static final int MAX_WORD_CHARS = 100;

    private final Map<String, Integer> vocabulary;
    private final int unknown;
    private final int start;
    private final int end;

    private WordPieceTokenizer(Map<String, Integer> vocabulary) throws OptimizationException {
        this.vocabulary = vocabulary;
        this.unknown = id("[UNK]");
        this.start = id("[CLS]");
        this.end = id("[SEP]");
    }

    private int id(String token) throws OptimizationException {
        Integer id = vocabulary.get(token);
        if (id == null) {
            throw new OptimizationException("the vocabulary has no " + token + ": not a BERT WordPiece vocabulary");
        }
        return id;
    }

    /**
     * Reads a vocabulary: a {@code tokenizer.json} (its {@code model.vocab}) or a {@code vocab.txt} (one token a
     * line, the line number its id).
     *
     * @param file the file
     * @return the tokenizer
     * @throws OptimizationException when the file cannot be read or holds no WordPiece vocabulary
     */
    public static WordPieceTokenizer read(Path file) throws OptimizationException {
        try {
            Map<String, Integer> vocabulary = new HashMap<>();
            if (file.getFileName().toString().endsWith(".json")) {
                Object tree = StrictJson.read(Files.readAllBytes(file));
                if (!(tree instanceof Map<?, ?> doc) || !(doc.get("model") instanceof Map<?, ?> model)
                        || !(model.get("vocab") instanceof Map<?, ?> vocab)) {
                    throw new OptimizationException(file + " has no model.vocab: not a Hugging Face tokenizer.json");
                }
                vocab.forEach((token, id) -> vocabulary.put(String.valueOf(token), ((Number) id).intValue()));
            } else {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    vocabulary.put(lines.get(i).strip(), i);
                }
            }
            return new WordPieceTokenizer(vocabulary);
        } catch (JsonDocumentException e) {
            throw new OptimizationException(file + " is not valid JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new OptimizationException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The token ids of a text: {@code [CLS]}, the pieces (cut to fit), {@code [SEP]}.
     *
     * @param text the text
     * @param maxLength the most ids returned, {@code [CLS]} and {@code [SEP]} included
     * @return the ids, no padding
     */
    public long[] encode(String text, int maxLength) {
        List<Integer> pieces = pieces(text);
        int kept = Math.min(pieces.size(), Math.max(0, maxLength - 2));
        long[] ids = new long[kept + 2];
        ids[0] = start;
        for (int i = 0; i < kept; i++) {
            ids[i + 1] = pieces.get(i);
        }
        ids[kept + 1] = end;
        return ids;
    }

    /**
     * The WordPiece ids of a text, without special tokens.
     *
     * @param text the text
     * @return the ids
     */
    public List<Integer> pieces(String text) {
        List<Integer> ids = new ArrayList<>();
        for (String word : words(text)) {
            wordPieces(word, ids);
        }
        return ids;
    }

    private static List<String> words(String text) {
        String normalized = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
                .replaceAll("\\p{Mn}", "");
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        normalized.codePoints().forEach(c -> {
            if (c == 0 || c == 0xFFFD || (Character.isISOControl(c) && !Character.isWhitespace(c))) {
                return;
            }
            if (Character.isWhitespace(c)) {
                flush(word, words);
            } else if (punctuation(c) || chinese(c)) {
                flush(word, words);
                words.add(new String(Character.toChars(c)));
            } else {
                word.appendCodePoint(c);
            }
        });
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    /** BERT's punctuation: the ASCII symbols and every Unicode punctuation category. */
    private static boolean punctuation(int c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }

    private static boolean chinese(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }

    private void wordPieces(String word, List<Integer> into) {
        if (word.length() > MAX_WORD_CHARS) {
            into.add(unknown);
            return;
        }
        List<Integer> pieces = new ArrayList<>();
        int begin = 0;
        while (begin < word.length()) {
            int stop = word.length();
            Integer found = null;
            while (begin < stop) {
                String piece = (begin > 0 ? "##" : "") + word.substring(begin, stop);
                found = vocabulary.get(piece);
                if (found != null) {
                    break;
                }
                stop--;
            }
            if (found == null) {
                into.add(unknown);
                return;
            }
            pieces.add(found);
            begin = stop;
        }
        into.addAll(pieces);
    }
}
