namespace UnixDatagram.Daemon;

/// <summary>
/// Range checks for numeric options that read the token itself: a value that does not even convert is left to
/// the parser's own "Cannot parse" error instead of throwing from inside a validator.
/// </summary>
internal static class OptionRules
{
    public static Option<T> AtLeast<T>(this Option<T> option, long minimum)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens is [{ } token] && long.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum}.");
            }
        });
        return option;
    }
}
