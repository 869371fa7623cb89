package org.modelgate.optimize.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.optimize.OptimizationException;

class WordPieceTokenizerTest {
    @TempDir
    Path dir;

    @Test
    void givenAVocabulary_whenEncoding_thenTextIsLowercasedSplitOnPunctuationAndCutIntoLongestPieces() throws Exception {
        // ids are line numbers
        WordPieceTokenizer tokenizer = WordPieceTokenizer.read(Files.write(dir.resolve("vocab.txt"),
                List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "model", "##gate", "serves", ",", "cafe", "!", "gate")));

        long[] ids = tokenizer.encode("Modelgate serves, Café!", 16);

        assertThat(ids).containsExactly(2, 4, 5, 6, 7, 8, 9, 3);
        assertThat(tokenizer.pieces("xyz gate")).containsExactly(1, 10);
    }

    @Test
    void givenAShortMaximum_whenEncoding_thenPiecesAreCutButClsAndSepStay() throws Exception {
        WordPieceTokenizer tokenizer = WordPieceTokenizer.read(Files.write(dir.resolve("vocab.txt"),
                List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "a")));

        assertThat(tokenizer.encode("a a a a a", 4)).containsExactly(2, 4, 4, 3);
    }

    @Test
    void givenTokensForAModel_whenSamplesAreMade_thenTheMaskCoversTheTokensAndThePaddingIsZero() throws Exception {
        WordPieceTokenizer tokenizer = WordPieceTokenizer.read(Files.write(dir.resolve("vocab.txt"),
                List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "a")));

        Sample sample = ReferenceSamples.sentences(List.of("a"), tokenizer,
                List.of("input_ids", "attention_mask", "token_type_ids"), 5).samples().get(0);

        assertThat(sample.input("input_ids").orElseThrow().data()).containsExactly(2, 4, 3, 0, 0);
        assertThat(sample.input("attention_mask").orElseThrow().data()).containsExactly(1, 1, 1, 0, 0);
        assertThat(sample.input("token_type_ids").orElseThrow().data()).containsExactly(0, 0, 0, 0, 0);
    }

    @Test
    void givenAVocabularyWithoutSpecialTokens_whenRead_thenItIsRefused() throws Exception {
        Path file = Files.write(dir.resolve("vocab.txt"), List.of("a", "b"));

        assertThatThrownBy(() -> WordPieceTokenizer.read(file)).isInstanceOf(OptimizationException.class)
                .hasMessageContaining("has no [UNK]: not a BERT WordPiece vocabulary");
    }
}
