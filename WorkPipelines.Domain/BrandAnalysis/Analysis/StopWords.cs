namespace WorkPipelines.Domain.BrandAnalysis.Analysis;

/// <summary>English words too common to say anything about a brand.</summary>
internal static class StopWords
{
    public static readonly HashSet<string> English = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
        "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during",
        "each", "even", "every", "few", "for", "from", "further", "get", "got", "had", "has", "have", "having", "he", "her", "here", "hers",
        "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "let", "like", "made", "make", "many",
        "may", "me", "more", "most", "much", "must", "my", "new", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or",
        "other", "our", "ours", "out", "over", "own", "per", "same", "see", "she", "should", "so", "some", "such", "than", "that", "the",
        "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us", "use",
        "very", "via", "was", "way", "we", "well", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
        "within", "without", "would", "yes", "yet", "you", "your", "yours", "yourself", "read", "more", "learn", "click", "here", "home",
        "page", "site", "copyright", "rights", "reserved", "privacy", "policy", "terms", "menu", "skip", "content", "cookie", "cookies",
        "don", "doesn", "isn", "aren", "won", "can't", "don't", "it's", "we're", "you're", "that's", "there's", "what's", "into", "onto",
    };
}
