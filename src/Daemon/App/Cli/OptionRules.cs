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

    /// <summary>
    /// A number of seconds more than 0 and at most 86400 (one day), read from the token as the parser reads a
    /// <see cref="double"/> (so <c>NaN</c> and <c>Infinity</c> are refused here, not passed on to <see cref="TimeSpan.FromSeconds(double)"/>).
    /// </summary>
    public static Option<double> Seconds(this Option<double> option)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens is [{ } token] && double.TryParse(token.Value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var seconds) && seconds is not (> 0 and <= 86400))
            {
                result.AddError($"{option.Name} must be more than 0 and at most 86400 seconds.");
            }
        });
        return option;
    }
}
